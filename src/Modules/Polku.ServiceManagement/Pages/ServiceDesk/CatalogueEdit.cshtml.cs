using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.ServiceManagement.Catalogue;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>
/// One catalogue entry: the service desk reads it, the service manager changes it (owner, tier, service time, targets,
/// health URL…, and the contract's monthly fee, satisfaction target and sanction table).
/// </summary>
[AuditExempt("the catalogue of digital services, no personal data")]
internal sealed class CatalogueEditModel(CatalogueService catalogue, DeskQueries queries, Texts texts) : PageModel
{
    public SmService Service { get; private set; } = null!;
    public bool CanEdit => User.HasClaim(PolkuClaims.Role, PolkuRoles.ServiceManager);
    public bool Saved { get; private set; }

    /// <summary>The form's values (as typed after a failed save, else the entry's).</summary>
    public Dictionary<string, string?> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>How many sanction rows the form shows: the table's rules and two empty rows to add one (or the rows posted).</summary>
    public int SanctionRows { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, bool? saved, CancellationToken ct)
    {
        if (await FindAsync(id, ct) is not { } service)
        {
            return NotFound();
        }

        Service = service;
        Saved = saved == true;
        Fill(service);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        if (!CanEdit)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (await FindAsync(id, ct) is not { } service)
        {
            return NotFound();
        }

        string? F(string name) => Request.Form[name].FirstOrDefault();
        var values = new ServiceValues(F("NameFi"), F("NameSv"), F("NameEn"), F("Owner"), F("Supplier"), F("Tier"), F("Calendar"), F("AvailabilityTarget"),
            F("MaxUnplannedOutages"), F("Lifecycle"), F("HealthUrl"), F("ProbeIntervalSeconds"), F("ProbeTimeoutSeconds"), F("FailuresToOpen"),
            Priorities.All.ToDictionary(p => p, p => (F("Response" + p), F("Resolution" + p))),
            new SanctionInput(F("MonthlyFee"), F("SatisfactionTarget"), [.. Enumerable.Range(0, SanctionTableInput.MaxRules)
                .Select(i => new SanctionRowInput(F(SanctionTableInput.MeasureField(i)), F(SanctionTableInput.PriorityField(i)), F(SanctionTableInput.PercentField(i))))]));
        var result = await catalogue.UpdateAsync(id, values, ct);
        if (result.Error is { } error)
        {
            ModelState.AddModelError(error.Field ?? "", texts[error.Code]);
            Service = service;
            foreach (var key in Request.Form.Keys.Where(k => k != "__RequestVerificationToken"))
            {
                Values[key] = Request.Form[key].FirstOrDefault();
            }

            SanctionRows = Math.Max(1, Enumerable.Range(0, SanctionTableInput.MaxRules).Count(i => Request.Form.ContainsKey(SanctionTableInput.MeasureField(i))));

            return Page();
        }

        return Redirect(ServiceManagementRoutes.Catalogue + "/" + Uri.EscapeDataString(id) + "?saved=true");
    }

    private async Task<SmService?> FindAsync(string id, CancellationToken ct) => (await queries.ServicesAsync(ct)).FirstOrDefault(s => s.Id == id);

    private void Fill(SmService s)
    {
        Values["NameFi"] = s.NameFi;
        Values["NameSv"] = s.NameSv;
        Values["NameEn"] = s.NameEn;
        Values["Owner"] = s.Owner;
        Values["Supplier"] = s.Supplier;
        Values["Tier"] = s.Tier;
        Values["Calendar"] = s.Calendar;
        Values["AvailabilityTarget"] = s.AvailabilityTarget.ToString("0.###", CultureInfo.CurrentCulture);
        Values["MaxUnplannedOutages"] = s.MaxUnplannedOutages.ToString(CultureInfo.InvariantCulture);
        Values["Lifecycle"] = s.Lifecycle;
        Values["HealthUrl"] = s.HealthUrl;
        Values["ProbeIntervalSeconds"] = s.ProbeIntervalSeconds.ToString(CultureInfo.InvariantCulture);
        Values["ProbeTimeoutSeconds"] = s.ProbeTimeoutSeconds.ToString(CultureInfo.InvariantCulture);
        Values["FailuresToOpen"] = s.FailuresToOpen.ToString(CultureInfo.InvariantCulture);
        foreach (var (p, t) in TicketService.Targets(s))
        {
            Values["Response" + p] = t.ResponseMinutes.ToString(CultureInfo.InvariantCulture);
            Values["Resolution" + p] = t.ResolutionMinutes.ToString(CultureInfo.InvariantCulture);
        }

        var contract = Reports.ReportBuilder.SanctionsOf(s.SanctionsJson);
        Values["MonthlyFee"] = contract.MonthlyFeeEur.ToString("0.##", CultureInfo.CurrentCulture);
        Values["SatisfactionTarget"] = s.SatisfactionTarget?.ToString("0.##", CultureInfo.CurrentCulture);
        for (var i = 0; i < contract.Rules.Count && i < SanctionTableInput.MaxRules; i++)
        {
            Values[SanctionTableInput.MeasureField(i)] = contract.Rules[i].Measure;
            Values[SanctionTableInput.PriorityField(i)] = contract.Rules[i].Priority;
            Values[SanctionTableInput.PercentField(i)] = contract.Rules[i].PercentOfFee.ToString("0.##", CultureInfo.CurrentCulture);
        }

        SanctionRows = Math.Min(SanctionTableInput.MaxRules, contract.Rules.Count + 2);
    }
}
