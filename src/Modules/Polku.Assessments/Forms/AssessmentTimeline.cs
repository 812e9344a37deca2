using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Catalog;
using Polku.Assessments.Contracts;
using Polku.Assessments.Data;
using Polku.Contacts.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Assessments.Forms;

/// <summary>
/// The assessments' part of a resident's timeline: the resident's stored assessment results (sent to the desk or only
/// completed and claimed) and their submitted e-forms with the form's status; the unit of the queue that got them is
/// the producer.
/// </summary>
internal sealed class AssessmentTimeline(PolkuDb db, AssessmentCatalog catalog, IUnitDirectory units, IServiceNames serviceNames, Texts texts) : IResidentTimelineSource
{
    private const int Max = TimelineKinds.MaxPerKind;

    public async Task<IReadOnlyList<TimelineEntry>> EntriesAsync(Guid residentId, string language, CancellationToken cancellationToken = default)
    {
        var ct = cancellationToken;
        var results = await db.Set<AssessmentResponse>().AsNoTracking()
            .Where(r => r.ResidentId == residentId && r.State != ResponseState.Draft)
            .OrderByDescending(r => r.CreatedUtc).Take(Max).ToListAsync(ct);
        var submissions = await db.Set<FormSubmission>().AsNoTracking().Where(s => s.ResidentId == residentId)
            .OrderByDescending(s => s.SubmittedUtc).Take(Max).ToListAsync(ct);
        if (results.Count == 0 && submissions.Count == 0)
        {
            return [];
        }

        // Queue codes are the codes of the units whose queues got the work.
        var unitNames = (await units.ListAsync(ct)).ToDictionary(u => u.Code, u => u.Name.Get(language), StringComparer.Ordinal);
        var services = await serviceNames.AllAsync(ct);
        string? Unit(string? code) => code is not null && unitNames.TryGetValue(code, out var name) ? name : null;
        string? Service(string? code) => code is not null && services.TryGetValue(code, out var name) ? name.Get(language) : null;
        string Title(string id, string version) =>
            ((catalog.Find(id, version) ?? catalog.Find(id))?.Definition.Title ?? texts.All("forms.own.removed")).Get(language);

        var entries = new List<TimelineEntry>(results.Count + submissions.Count);
        foreach (var r in results)
        {
            var sent = r.State == ResponseState.Sent;
            var status = texts.Get(language, sent ? "assessments.timeline.sent" : "assessments.timeline.completed");
            if (r.Urgency is { } urgency && texts.Has("assessments.urgency." + urgency))
            {
                status += " · " + texts.Get(language, "assessments.urgency." + urgency);
            }

            entries.Add(new TimelineEntry(r.SentUtc ?? r.CompletedUtc ?? r.CreatedUtc, TimelineKinds.Assessment, Title(r.AssessmentId, r.AssessmentVersion),
                status, Service(r.ServiceCode), sent ? Unit(r.QueueCode) : null, sent ? AssessmentsRoutes.DeskResult(r.Id) : null));
        }

        foreach (var s in submissions)
        {
            entries.Add(new TimelineEntry(s.SubmittedUtc, TimelineKinds.Form, Title(s.FormId, s.FormVersion),
                texts.Get(language, "forms.status." + FormStatuses.Code(s.Status)), Service(s.ServiceCode), Unit(s.QueueCode), AssessmentsRoutes.DeskForm(s.Id)));
        }

        return entries;
    }
}
