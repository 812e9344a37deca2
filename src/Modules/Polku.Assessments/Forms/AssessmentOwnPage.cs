using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Catalog;
using Polku.Assessments.Contracts;
using Polku.Assessments.Data;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;

namespace Polku.Assessments.Forms;

/// <summary>
/// The resident's own page, from assessments and forms: recent assessment results, sent forms with their status and
/// unfinished drafts, and the results and forms still waiting for the resident's feedback.
/// </summary>
internal sealed class AssessmentOwnPage(PolkuDb db, AssessmentCatalog catalog, FormService forms, IEnumerable<IFeedbackOffers> feedback, Texts texts) : IOwnPageSections
{
    private const int Shown = 5;

    public async Task<IReadOnlyList<OwnPageSection>> ForAsync(Guid residentId, CancellationToken cancellationToken = default)
    {
        var results = await db.Set<AssessmentResponse>().AsNoTracking()
            .Where(r => r.ResidentId == residentId && r.State != ResponseState.Draft)
            .OrderByDescending(r => r.CompletedUtc).Take(Shown).ToListAsync(cancellationToken);
        var sent = await forms.MineAsync(residentId, cancellationToken);
        var drafts = await forms.DraftsAsync(residentId, cancellationToken);

        var resultEntries = results.Select(r => new OwnPageEntry(Title(r.AssessmentId, r.AssessmentVersion), AssessmentsRoutes.Result(r.Id),
            r.Urgency is { } u ? texts.All("assessments.urgency." + u) : null, r.CompletedUtc)).ToList();
        var formEntries = sent.Take(Shown).Select(s => new OwnPageEntry(Title(s.FormId, s.FormVersion), AssessmentsRoutes.FormSubmission(s.Id),
                texts.All("forms.status." + FormStatuses.Code(s.Status)), s.SubmittedUtc))
            .Concat(drafts.Take(Shown).Select(d => new OwnPageEntry(Title(d.AssessmentId, d.AssessmentVersion),
                $"{AssessmentsRoutes.List}/{Uri.EscapeDataString(d.AssessmentId)}/answer?draft={d.Id:D}", texts.All("forms.own.draft"), d.CreatedUtc)))
            .ToList();

        var waiting = new List<OwnPageEntry>();
        if (feedback.FirstOrDefault() is { } offers)
        {
            foreach (var s in sent.Where(s => s.Status == FormStatus.Completed).Take(Shown))
            {
                if (await offers.MayOfferAsync(FormService.Channel, s.Id, cancellationToken))
                {
                    waiting.Add(new OwnPageEntry(Title(s.FormId, s.FormVersion), ContactsRoutes.Feedback(FormService.Channel, s.Id), texts.All("forms.own.give_feedback"), s.CompletedUtc));
                }
            }

            foreach (var r in results)
            {
                if (await offers.MayOfferAsync("assessment", r.Id, cancellationToken))
                {
                    waiting.Add(new OwnPageEntry(Title(r.AssessmentId, r.AssessmentVersion), ContactsRoutes.Feedback("assessment", r.Id), texts.All("forms.own.give_feedback"), r.CompletedUtc));
                }
            }
        }

        return
        [
            new OwnPageSection("assessments", 20, texts.All("forms.own.results"), resultEntries, new OwnPageEntry(texts.All("forms.own.all_assessments"), AssessmentsRoutes.List, null, null)),
            new OwnPageSection("forms", 30, texts.All("forms.own.forms"), formEntries, new OwnPageEntry(texts.All("forms.own.all_forms"), AssessmentsRoutes.Forms, null, null)),
            new OwnPageSection("feedback", 90, texts.All("forms.own.feedback"), waiting),
        ];
    }

    private LocalizedText Title(string id, string version) =>
        (catalog.Find(id, version) ?? catalog.Find(id))?.Definition.Title ?? texts.All("forms.own.removed");
}
