using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;

namespace Polku.ServiceManagement.Catalogue;

/// <summary>
/// What the service manager may change of a catalogue entry; numbers as typed (a decimal comma is fine). Without
/// <paramref name="Contract"/> the monthly fee, satisfaction target and sanction table stay as they are.
/// </summary>
internal sealed record ServiceValues(
    string? NameFi, string? NameSv, string? NameEn, string? Owner, string? Supplier, string? Tier, string? Calendar, string? AvailabilityTarget,
    string? MaxUnplannedOutages, string? Lifecycle, string? HealthUrl, string? ProbeIntervalSeconds, string? ProbeTimeoutSeconds, string? FailuresToOpen,
    IReadOnlyDictionary<string, (string? Response, string? Resolution)> Targets, SanctionInput? Contract = null);

/// <summary>
/// The service catalogue's changes (the service manager's): every field is checked and the first problem named by its
/// field; a valid change replaces the entry's values in one unit of work. Targets are minutes of service time, the
/// response no longer than the resolution; the contract's fee, satisfaction target and sanction table are checked by
/// <see cref="SanctionTableInput"/>. A live report draft uses the new table at once; frozen reports keep theirs.
/// </summary>
/// <remarks>Error codes: <c>sm.catalogue.error.*</c> (fi/sv/en).</remarks>
internal sealed class CatalogueService(PolkuDb db, UnitOfWork unit, TimeProvider time)
{
    public const string NotFound = "sm.catalogue.error.not_found";

    public Task<Result<SmService>> UpdateAsync(string id, ServiceValues v, CancellationToken ct) => unit.RunAsync(async c =>
    {
        if (await db.Set<SmService>().FirstOrDefaultAsync(s => s.Id == id, c) is not { } service)
        {
            return Error.NotFound(NotFound);
        }

        var problem = Text(v.NameFi, 200, "NameFi") ?? Text(v.NameSv, 200, "NameSv") ?? Text(v.NameEn, 200, "NameEn")
            ?? Text(v.Owner, 200, "Owner") ?? Text(v.Supplier, 200, "Supplier")
            ?? Choice(v.Tier, ServiceTiers.All, "Tier") ?? Choice(v.Calendar, ServiceCalendars.All, "Calendar") ?? Choice(v.Lifecycle, Lifecycles.All, "Lifecycle");
        if (problem is not null)
        {
            return problem;
        }

        if (!decimal.TryParse((v.AvailabilityTarget ?? "").Trim().Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var target) || target is < 50 or > 100)
        {
            return Error.Validation("sm.catalogue.error.availability", "AvailabilityTarget");
        }

        if (Whole(v.MaxUnplannedOutages, 0, 100, "MaxUnplannedOutages", out var outages) is { } e1)
        {
            return e1;
        }

        if (Whole(v.ProbeIntervalSeconds, 30, 3600, "ProbeIntervalSeconds", out var interval) is { } e2)
        {
            return e2;
        }

        if (Whole(v.ProbeTimeoutSeconds, 1, 60, "ProbeTimeoutSeconds", out var timeout) is { } e3)
        {
            return e3;
        }

        if (Whole(v.FailuresToOpen, 1, 10, "FailuresToOpen", out var failures) is { } e4)
        {
            return e4;
        }

        var health = string.IsNullOrWhiteSpace(v.HealthUrl) ? null : v.HealthUrl.Trim();
        if (health is not null && (health.Length > 400 || !(health.StartsWith('/') && !health.StartsWith("//", StringComparison.Ordinal)
            || (Uri.TryCreate(health, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))))
        {
            return Error.Validation("sm.catalogue.error.health_url", "HealthUrl");
        }

        var targets = new Dictionary<string, PriorityTarget>();
        foreach (var priority in Priorities.All)
        {
            var (response, resolution) = v.Targets.GetValueOrDefault(priority);
            if (Whole(response, 1, 525_600, "Response" + priority, out var r) is { } e5)
            {
                return e5;
            }

            if (Whole(resolution, 1, 525_600, "Resolution" + priority, out var s) is { } e6)
            {
                return e6;
            }

            if (r > s)
            {
                return Error.Validation("sm.catalogue.error.response_after_resolution", "Response" + priority);
            }

            targets[priority] = new PriorityTarget(r, s);
        }

        // The contract's sanction table and fee (SanctionTableInput checks them).
        (Sanctions Table, double? SatisfactionTarget)? contract = null;
        if (v.Contract is { } typed)
        {
            var read = SanctionTableInput.Read(typed);
            if (read.Error is { } e7)
            {
                return e7;
            }

            contract = read.Value;
        }

        (service.NameFi, service.NameSv, service.NameEn) = (v.NameFi!.Trim(), v.NameSv!.Trim(), v.NameEn!.Trim());
        (service.Owner, service.Supplier) = (v.Owner!.Trim(), v.Supplier!.Trim());
        (service.Tier, service.Calendar, service.Lifecycle) = (v.Tier!, v.Calendar!, v.Lifecycle!);
        service.AvailabilityTarget = (double)target;
        service.MaxUnplannedOutages = outages;
        service.HealthUrl = health;
        (service.ProbeIntervalSeconds, service.ProbeTimeoutSeconds, service.FailuresToOpen) = (interval, timeout, failures);
        service.TargetsJson = JsonSerializer.Serialize(targets, SmSeeder.Json);
        if (contract is { } c2)
        {
            service.SanctionsJson = JsonSerializer.Serialize(c2.Table, SmSeeder.Json);
            service.SatisfactionTarget = c2.SatisfactionTarget;
        }

        service.UpdatedUtc = time.GetUtcNow().UtcDateTime;
        return Result<SmService>.Ok(service);
    }, ct);

    private static Error? Text(string? value, int max, string field) =>
        string.IsNullOrWhiteSpace(value) ? Error.Validation("sm.catalogue.error.required", field)
        : value.Trim().Length > max ? Error.Validation("sm.catalogue.error.too_long", field)
        : null;

    private static Error? Choice(string? value, IReadOnlyList<string> allowed, string field) =>
        allowed.Contains(value ?? "") ? null : Error.Validation("sm.catalogue.error.choice", field);

    private static Error? Whole(string? text, int min, int max, string field, out int value) =>
        int.TryParse((text ?? "").Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max
            ? null
            : Error.Validation("sm.catalogue.error.number", field);
}
