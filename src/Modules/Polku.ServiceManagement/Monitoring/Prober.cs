using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;

namespace Polku.ServiceManagement.Monitoring;

/// <summary>
/// One round of probing on this node: every service with a health URL has a schedule row; the node takes the due rows
/// with a lease — a conditional UPDATE of the lease and the next due time whose row count decides, so on any number of
/// nodes each due probe runs once — probes them, stores each result and turns consecutive failures into outages.
/// </summary>
/// <remarks>
/// <para><c>FailuresToOpen</c> consecutive failures open an outage starting at the first failed probe; the first
/// success closes it at that probe's time. A service failing again within <see cref="SmOptions.MergeGapMinutes"/> of
/// its previous outage's end reopens that outage (seed 002: outages less than five minutes apart are one).</para>
/// <para>An outage opened by a probe for a service of tier M or L opens an incident and drafts a disruption notice
/// (<see cref="IncidentOpener"/>); a reopened outage keeps the incident and notice it has.</para>
/// </remarks>
internal sealed class Prober(
    PolkuDb db,
    UnitOfWork unit,
    IHealthProbe probe,
    IncidentOpener incidents,
    TimeProvider time,
    IOptions<SmOptions> smOptions,
    IOptions<MonitoringOptions> options,
    ILogger<Prober> logger)
{
    private const int MinimumIntervalSeconds = 5;

    /// <summary>Probes what is due now; returns how many probes this node ran.</summary>
    public async Task<int> RunRoundAsync(CancellationToken ct)
    {
        await EnsureSchedulesAsync(ct);
        var claimed = await ClaimDueAsync(ct);
        foreach (var (service, lease) in claimed)
        {
            ct.ThrowIfCancellationRequested();
            var at = Now();
            ProbeOutcome outcome;
            try
            {
                outcome = await probe.ProbeAsync(service, ct);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                outcome = new ProbeOutcome(false, null, 0, e.GetType().Name);
            }

            await RecordAsync(service.Id, at, outcome, lease, ct);
        }

        return claimed.Count;
    }

    /// <summary>A schedule row for every service that has a health URL and none yet (a service added to the catalogue later).</summary>
    public async Task EnsureSchedulesAsync(CancellationToken ct)
    {
        var missing = await db.Set<SmService>().AsNoTracking()
            .Where(s => s.HealthUrl != null && s.HealthUrl != "" && !db.Set<ProbeSchedule>().Any(p => p.ServiceId == s.Id))
            .Select(s => s.Id)
            .ToListAsync(ct);
        var now = Now();
        foreach (var id in missing)
        {
            // Another node may add the same row at the same moment: the second insert changes nothing.
            await db.Database.ExecuteSqlAsync(
                $"INSERT INTO sm_probe_schedule (service_id, next_due_utc, consecutive_failures) VALUES ({id}, {now}, 0) ON CONFLICT (service_id) DO NOTHING", ct);
        }
    }

    /// <summary>
    /// Takes the due schedule rows: candidates are read without a lock, then each is taken by an UPDATE that re-checks
    /// that it is due and not leased; only the node whose UPDATE changed the row probes it. The lease value is the
    /// claim's fencing token when the result is recorded.
    /// </summary>
    internal async Task<List<(SmService Service, DateTime Lease)>> ClaimDueAsync(CancellationToken ct)
    {
        var now = Now();
        var candidates = await db.Set<ProbeSchedule>().AsNoTracking()
            .Where(p => p.NextDueUtc <= now && (p.LeasedUntilUtc == null || p.LeasedUntilUtc < now))
            .Join(db.Set<SmService>().Where(s => s.HealthUrl != null && s.HealthUrl != ""), p => p.ServiceId, s => s.Id, (p, s) => s)
            .AsNoTracking()
            .OrderBy(s => s.Id)
            .ToListAsync(ct);
        var lease = now.AddSeconds(Math.Max(1, options.Value.Monitoring.LeaseSeconds));
        var won = new List<(SmService, DateTime)>(candidates.Count);
        foreach (var service in candidates)
        {
            var next = now.AddSeconds(Math.Max(MinimumIntervalSeconds, service.ProbeIntervalSeconds));
            var changed = await db.Set<ProbeSchedule>()
                .Where(p => p.ServiceId == service.Id && p.NextDueUtc <= now && (p.LeasedUntilUtc == null || p.LeasedUntilUtc < now))
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.LeasedUntilUtc, lease).SetProperty(p => p.NextDueUtc, next), ct);
            if (changed == 1)
            {
                won.Add((service, lease));
            }
        }

        return won;
    }

    /// <summary>Stores a probe's result and moves the service's outage state on, in one unit of work.</summary>
    internal Task RecordAsync(string serviceId, DateTime at, ProbeOutcome outcome, DateTime lease, CancellationToken ct) =>
        unit.RunAsync(async token =>
        {
            var schedule = await db.Set<ProbeSchedule>().SingleOrDefaultAsync(p => p.ServiceId == serviceId, token);
            var service = await db.Set<SmService>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == serviceId, token);
            if (schedule is null || service is null || schedule.LeasedUntilUtc != lease)
            {
                // Too slow: the lease ran out and another node probed the service since; its result counts.
                logger.LogWarning("The probe of {ServiceId} finished after its lease had run out; its result was not recorded.", serviceId);
                return;
            }

            db.Add(new ProbeResult
            {
                Id = Guid.NewGuid(),
                ServiceId = serviceId,
                AtUtc = at,
                Ok = outcome.Ok,
                StatusCode = outcome.StatusCode,
                DurationMs = outcome.DurationMs,
                Error = outcome.Error is { Length: > HttpHealthProbe.MaxErrorLength } e ? e[..HttpHealthProbe.MaxErrorLength] : outcome.Error,
            });
            schedule.LeasedUntilUtc = null;
            if (outcome.Ok)
            {
                await SucceededAsync(schedule, at, token);
            }
            else
            {
                await FailedAsync(service, schedule, at, outcome, token);
            }
        }, ct);

    private async Task SucceededAsync(ProbeSchedule schedule, DateTime at, CancellationToken ct)
    {
        schedule.ConsecutiveFailures = 0;
        schedule.LastOkUtc = at;
        if (schedule.OpenOutageId is not { } open)
        {
            return;
        }

        schedule.OpenOutageId = null;
        var outage = await db.Set<Outage>().SingleOrDefaultAsync(o => o.Id == open, ct);
        if (outage is null || outage.EndUtc is not null)
        {
            return;
        }

        outage.EndUtc = at;
        AddEvent(schedule.ServiceId, at, EventKinds.OutageClosed, Severities.Info, "recovered", outage);
    }

    private async Task FailedAsync(SmService service, ProbeSchedule schedule, DateTime at, ProbeOutcome outcome, CancellationToken ct)
    {
        schedule.ConsecutiveFailures++;
        schedule.LastFailureUtc = at;
        if (schedule.OpenOutageId is not null || schedule.ConsecutiveFailures < Math.Max(1, service.FailuresToOpen))
        {
            return;
        }

        // The outage starts at the first failed probe of the run: the earlier failures are the latest stored results.
        var earlier = await db.Set<ProbeResult>().AsNoTracking()
            .Where(r => r.ServiceId == service.Id)
            .OrderByDescending(r => r.AtUtc)
            .Take(schedule.ConsecutiveFailures - 1)
            .Select(r => r.AtUtc)
            .ToListAsync(ct);
        var start = earlier.Append(at).Min();
        var detail = outcome.Error ?? "failed";

        var gapStart = start.AddMinutes(-Math.Max(0, smOptions.Value.MergeGapMinutes));
        var previous = await db.Set<Outage>()
            .Where(o => o.ServiceId == service.Id && o.EndUtc != null && o.EndUtc >= gapStart && o.StartUtc <= start)
            .OrderByDescending(o => o.EndUtc)
            .FirstOrDefaultAsync(ct);
        if (previous is not null)
        {
            previous.EndUtc = null;
            schedule.OpenOutageId = previous.Id;
            AddEvent(service.Id, at, EventKinds.OutageReopened, Severities.Major, detail, previous);
            return;
        }

        var outage = new Outage
        {
            Id = Guid.NewGuid(),
            ServiceId = service.Id,
            StartUtc = start,
            Source = OutageSources.Probe,
            CreatedUtc = at,
        };
        db.Add(outage);
        schedule.OpenOutageId = outage.Id;
        if (IncidentOpener.OpensIncident(service))
        {
            await incidents.OpenAsync(service, outage, at, ct);
        }

        AddEvent(service.Id, at, EventKinds.OutageOpened, Severities.Major, detail, outage);
    }

    private void AddEvent(string serviceId, DateTime at, string kind, string severity, string message, Outage outage) =>
        db.Add(new MonitoringEvent
        {
            Id = Guid.NewGuid(),
            ServiceId = serviceId,
            AtUtc = at,
            Kind = kind,
            Severity = severity,
            Message = message,
            OutageId = outage.Id,
            IncidentId = outage.IncidentId,
        });

    /// <summary>Whole milliseconds, so a lease compares equal after a round trip through either database.</summary>
    private DateTime Now()
    {
        var now = time.GetUtcNow().UtcDateTime;
        return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), DateTimeKind.Utc);
    }

}
