using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Assessments.Catalog;
using Polku.Assessments.Data;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Flow;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Time;

namespace Polku.Assessments.Pages.Assessments;

/// <summary>Arviot — the published assessments by kind, and a signed-in resident's saved and recent ones.</summary>
[Audit("assessments.list")]
internal sealed class IndexModel(AssessmentCatalog catalog, ResidentResponses responses, AuditScope audit) : PageModel
{
    internal sealed record MineRow(Guid Id, string AssessmentId, LocalizedText Title, bool Draft, string? Urgency, string When);

    public IReadOnlyList<IGrouping<AssessmentKind, CompiledAssessment>> Groups { get; private set; } = [];

    public IReadOnlyList<MineRow> Mine { get; private set; } = [];

    public bool Saved { get; private set; }

    public async Task OnGetAsync(bool saved, CancellationToken ct)
    {
        Saved = saved;
        Groups = [.. catalog.Published.Where(a => a.Definition.Kind != AssessmentKind.Form).GroupBy(a => a.Definition.Kind).OrderBy(g => g.Key)];
        if (User.EffectiveResidentId() is { } residentId)
        {
            audit.Touch(residentId, AuditAccess.Read);
            var rows = await responses.RecentAsync(residentId, 20, ct);
            Mine = [.. rows.Select(r => new MineRow(r.Id, r.AssessmentId,
                catalog.Find(r.AssessmentId, r.AssessmentVersion)?.Definition.Title ?? new LocalizedText(r.AssessmentId, r.AssessmentId, r.AssessmentId),
                r.State == ResponseState.Draft, r.Urgency,
                HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(r.CreatedUtc, DateTimeKind.Utc))).ToString("d.M.yyyy HH:mm", CultureInfo.InvariantCulture)))];
        }
    }
}
