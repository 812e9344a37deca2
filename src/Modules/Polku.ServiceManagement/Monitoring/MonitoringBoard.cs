using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;

namespace Polku.ServiceManagement.Monitoring;

/// <summary>up, failing (the last probe failed, no outage yet), down (an open outage) or not-probed.</summary>
internal static class ServiceStates
{
    public const string Up = "up";
    public const string Failing = "failing";
    public const string Down = "down";
    public const string NotProbed = "not-probed";
}

/// <summary>A probed service as monitoring sees it now.</summary>
internal sealed record ServiceState(
    SmService Service, string State, DateTime? DownSinceUtc, ProbeResult? Last, IReadOnlyList<ProbeResult> Day, Outage? OpenOutage);

/// <summary>Monitoring at a glance: each probed service's state, open and recent outages, recent events.</summary>
internal sealed record MonitoringOverview(
    DateTime NowUtc, IReadOnlyList<ServiceState> Services, IReadOnlyList<Outage> Outages, IReadOnlyList<MonitoringEvent> Events,
    IReadOnlyDictionary<string, SmService> Catalogue, IReadOnlyDictionary<Guid, string> IncidentNumbers);

/// <summary>A manual outage as entered: the service, its start and (when over) its end, and an optional exclusion.</summary>
internal sealed record ManualOutage(string ServiceId, DateTime StartUtc, DateTime? EndUtc, string? ExcludedReason, string? Note);

/// <summary>What monitoring shows (the page and the API) and the service manager's two corrections: a manual outage and an outage's exclusion.</summary>
internal sealed class MonitoringBoard(PolkuDb db, UnitOfWork unit, TimeProvider time)
{
    public const int MaxNoteLength = 1000;
    public const int MaxEvents = 500;
    public const int DefaultEvents = 50;
    public const int RecentOutageDays = 62;

    public async Task<MonitoringOverview> OverviewAsync(int events, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var catalogue = await db.Set<SmService>().AsNoTracking().ToDictionaryAsync(s => s.Id, StringComparer.Ordinal, ct);
        var schedules = await db.Set<ProbeSchedule>().AsNoTracking().ToListAsync(ct);
        var dayStart = now.AddHours(-24);
        var day = (await db.Set<ProbeResult>().AsNoTracking().Where(r => r.AtUtc >= dayStart && r.AtUtc <= now).ToListAsync(ct))
            .ToLookup(r => r.ServiceId, StringComparer.Ordinal);
        var outageFrom = now.AddDays(-RecentOutageDays);
        var outages = await db.Set<Outage>().AsNoTracking()
            .Where(o => o.EndUtc == null || o.EndUtc >= outageFrom)
            .OrderByDescending(o => o.StartUtc)
            .Take(200)
            .ToListAsync(ct);

        var states = new List<ServiceState>();
        foreach (var service in catalogue.Values.Where(s => !string.IsNullOrEmpty(s.HealthUrl) || schedules.Any(p => p.ServiceId == s.Id))
                     .OrderBy(s => s.Id, StringComparer.Ordinal))
        {
            var results = day[service.Id].OrderBy(r => r.AtUtc).ToList();
            var last = results.LastOrDefault() ?? await db.Set<ProbeResult>().AsNoTracking()
                .Where(r => r.ServiceId == service.Id).OrderByDescending(r => r.AtUtc).FirstOrDefaultAsync(ct);
            var open = outages.Where(o => o.ServiceId == service.Id && o.EndUtc == null).OrderBy(o => o.StartUtc).FirstOrDefault();
            var state = open is not null ? ServiceStates.Down
                : last is null ? ServiceStates.NotProbed
                : last.Ok ? ServiceStates.Up
                : ServiceStates.Failing;
            states.Add(new ServiceState(service, state, open?.StartUtc, last, results, open));
        }

        var recent = await db.Set<MonitoringEvent>().AsNoTracking()
            .OrderByDescending(e => e.AtUtc).ThenBy(e => e.Id)
            .Take(Math.Clamp(events, 0, MaxEvents))
            .ToListAsync(ct);
        var incidentIds = outages.Where(o => o.IncidentId is not null).Select(o => o.IncidentId!.Value).Distinct().ToList();
        var numbers = incidentIds.Count == 0
            ? new Dictionary<Guid, string>()
            : await db.Set<Ticket>().AsNoTracking().Where(t => incidentIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Number, ct);
        return new MonitoringOverview(now, states, outages, recent, catalogue, numbers);
    }

    /// <summary>Whether a catalogue service's health URL is the development stand-in <paramref name="standIn"/>.</summary>
    public async Task<bool> IsStandInAsync(string standIn, CancellationToken ct) =>
        (await db.Set<SmService>().AsNoTracking().Where(s => s.HealthUrl != null).Select(s => s.HealthUrl).ToListAsync(ct))
            .Any(url => DevStandIns.ServiceOf(url) == standIn);

    /// <summary>Events latest first, optionally only those at or after <paramref name="sinceUtc"/>.</summary>
    public async Task<IReadOnlyList<MonitoringEvent>> EventsAsync(DateTime? sinceUtc, int limit, CancellationToken ct)
    {
        var query = db.Set<MonitoringEvent>().AsNoTracking();
        if (sinceUtc is { } since)
        {
            query = query.Where(e => e.AtUtc >= since);
        }

        return await query.OrderByDescending(e => e.AtUtc).ThenBy(e => e.Id).Take(Math.Clamp(limit, 1, MaxEvents)).ToListAsync(ct);
    }

    /// <summary>Records an outage seen by people rather than by a probe (e.g. reported by the supplier).</summary>
    public Task<Result<Outage>> RecordManualAsync(ManualOutage input, Guid? staffId, CancellationToken ct) =>
        unit.RunAsync(token => RecordManualInUnitAsync(input, staffId, token), ct);

    private async Task<Result<Outage>> RecordManualInUnitAsync(ManualOutage input, Guid? staffId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (string.IsNullOrWhiteSpace(input.ServiceId) || !await db.Set<SmService>().AnyAsync(s => s.Id == input.ServiceId, ct))
        {
            return Error.Validation("sm.monitoring.error.service", "service");
        }

        if (input.StartUtc > now)
        {
            return Error.Validation("sm.monitoring.error.start_future", "start");
        }

        if (input.EndUtc is { } end && (end <= input.StartUtc || end > now))
        {
            return Error.Validation("sm.monitoring.error.end", "end");
        }

        if (ValidateExclusion(input.ExcludedReason, input.Note) is { } error)
        {
            return error;
        }

        var outage = new Outage
        {
            Id = Guid.NewGuid(),
            ServiceId = input.ServiceId,
            StartUtc = input.StartUtc,
            EndUtc = input.EndUtc,
            Source = OutageSources.Manual,
            ExcludedReason = Blank(input.ExcludedReason),
            ExclusionNote = Blank(input.ExcludedReason) is null ? null : input.Note!.Trim(),
            RecordedBy = staffId,
            CreatedUtc = now,
        };
        db.Add(outage);
        db.Add(new MonitoringEvent
        {
            Id = Guid.NewGuid(),
            ServiceId = outage.ServiceId,
            AtUtc = now,
            Kind = EventKinds.OutageRecorded,
            Severity = Severities.Major,
            Message = "manual",
            OutageId = outage.Id,
        });
        return outage;
    }

    /// <summary>Sets (or with no reason, removes) an outage's exclusion from availability: maintenance, customer or third party, with a note.</summary>
    public Task<Result<Outage>> SetExclusionAsync(Guid outageId, string? reason, string? note, CancellationToken ct) =>
        unit.RunAsync(token => SetExclusionInUnitAsync(outageId, reason, note, token), ct);

    private async Task<Result<Outage>> SetExclusionInUnitAsync(Guid outageId, string? reason, string? note, CancellationToken ct)
    {
        var outage = await db.Set<Outage>().SingleOrDefaultAsync(o => o.Id == outageId, ct);
        if (outage is null)
        {
            return Error.NotFound("sm.monitoring.error.outage");
        }

        if (ValidateExclusion(reason, note) is { } error)
        {
            return error;
        }

        outage.ExcludedReason = Blank(reason);
        outage.ExclusionNote = outage.ExcludedReason is null ? null : note!.Trim();
        db.Add(new MonitoringEvent
        {
            Id = Guid.NewGuid(),
            ServiceId = outage.ServiceId,
            AtUtc = time.GetUtcNow().UtcDateTime,
            Kind = EventKinds.OutageExclusion,
            Severity = Severities.Info,
            Message = outage.ExcludedReason ?? "none",
            OutageId = outage.Id,
            IncidentId = outage.IncidentId,
        });
        return outage;
    }

    private static Error? ValidateExclusion(string? reason, string? note)
    {
        if (Blank(reason) is { } r && !ExclusionReasons.All.Contains(r))
        {
            return Error.Validation("sm.monitoring.error.reason", "reason");
        }

        if (Blank(reason) is not null && string.IsNullOrWhiteSpace(note))
        {
            return Error.Validation("sm.monitoring.error.note_required", "note");
        }

        if (note is { Length: > MaxNoteLength })
        {
            return Error.Validation("sm.monitoring.error.note_long", "note");
        }

        return note is not null && note.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t'))
            ? Error.Validation("sm.monitoring.error.note_invalid", "note")
            : null;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
