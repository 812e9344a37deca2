using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;

namespace Polku.Contacts.FollowUp;

/// <summary>The resident's own page, from digital follow-up: their plans, each leading to recording values and their own chart.</summary>
internal sealed class FollowUpOwnPage(FollowUpService followUp, PlanTemplates templates, Texts texts) : IOwnPageSections
{
    public async Task<IReadOnlyList<OwnPageSection>> ForAsync(Guid residentId, CancellationToken cancellationToken = default)
    {
        var plans = await followUp.ResidentPlansAsync(residentId, cancellationToken);
        var entries = plans.Take(5).Select(p => new OwnPageEntry(templates.Find(p.TemplateCode)?.Name ?? texts.All("contacts.followup.mine.title"),
            ContactsRoutes.MyFollowUpPlan(p.Id), texts.All("contacts.followup.state." + (p.State == FollowUpPlanState.Active ? "active" : "ended")), p.CreatedUtc)).ToList();
        return [new OwnPageSection("follow-up", 40, texts.All("contacts.followup.mine.title"), entries)];
    }
}
