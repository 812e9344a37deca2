using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Domain.Availability;

namespace Polku.ServiceManagement.Reports;

/// <summary>
/// Builds a service's monthly service-level report (spec 06, issue 15 item 9) from the live data:
/// <list type="bullet">
/// <item>availability and unplanned outages from <see cref="AvailabilityService"/>, against the catalogue's targets;</item>
/// <item>incidents opened in the month (Helsinki) by priority, cancelled ones left out: a response (resolution) is met when it
/// happened by its due time and the ticket is not flagged breached; missed when flagged breached, late, or not yet done
/// after its due time; otherwise still running. Compliance is met / (met + missed) in per cent, none when nothing is decided;</item>
/// <item>the service's problems open at the time of the report, and the declared major incidents opened in the month with
/// whether their root cause is recorded;</item>
/// <item>changes opened in the month by type and approval;</item>
/// <item>customer satisfaction: the mean of the reporters' ratings (1–5) of the service's incidents and requests resolved in
/// the month (Helsinki), cut to two decimals, with the number of ratings and the service's satisfaction target;
/// <c>not-measured</c> when no such ticket was rated — no figure is invented;</item>
/// <item>the sanction table: availability missed, more unplanned outages than allowed, any incident of the rule's
/// priority (any priority when the rule names none) that missed its response or resolution target, or a measured mean
/// rating below the satisfaction target costs the rule's per cent of the monthly fee.</item>
/// </list>
/// Format 2 added the satisfaction's count, target and result (format 1 always said not measured); a frozen format-1
/// report is read and shown as it was stored.
/// </summary>
internal sealed class ReportBuilder(PolkuDb db, AvailabilityService availability, TimeProvider time)
{
    public const int Format = 2;

    /// <summary>The report as it stands now; null when there is no such service.</summary>
    public async Task<ReportContent?> BuildAsync(string serviceId, int year, int month, CancellationToken ct)
    {
        var service = await db.Set<SmService>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == serviceId, ct);
        if (service is null || await availability.MonthAsync(serviceId, year, month, ct) is not { } a)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var (start, end) = AvailabilityCalculator.MonthBounds(year, month);
        var from = start.UtcDateTime;
        var to = end.UtcDateTime;
        var target = (decimal)service.AvailabilityTarget;
        var availabilityMet = a.AvailabilityPercent >= target;
        var outagesMet = a.UnplannedOutages <= service.MaxUnplannedOutages;
        var section = new AvailabilitySection(a.AvailabilityPercent, target, availabilityMet, a.Pa, a.Ka, a.Eh, a.UnplannedOutages, service.MaxUnplannedOutages, outagesMet);

        var incidents = await db.Set<Ticket>().AsNoTracking()
            .Where(t => t.ServiceId == serviceId && t.Kind == TicketKinds.Incident && t.OpenedUtc >= from && t.OpenedUtc < to && t.Status != TicketStatuses.Cancelled)
            .Select(t => new { t.Number, t.Title, t.Status, t.Priority, t.MajorState, t.RcaRootCause, t.RespondedUtc, t.ResponseDueUtc, t.ResponseBreached, t.ResolvedUtc, t.ResolutionDueUtc, t.ResolutionBreached })
            .ToListAsync(ct);
        var nowUtc = now.UtcDateTime;
        var lines = new List<PriorityLine>();
        var missedResponse = new HashSet<string>(StringComparer.Ordinal);
        var missedResolution = new HashSet<string>(StringComparer.Ordinal);
        foreach (var priority in Priorities.All)
        {
            var of = incidents.Where(i => i.Priority == priority).ToList();
            var response = of.Select(i => Judge(i.RespondedUtc, i.ResponseDueUtc, i.ResponseBreached, nowUtc)).ToList();
            var resolution = of.Select(i => Judge(i.ResolvedUtc, i.ResolutionDueUtc, i.ResolutionBreached, nowUtc)).ToList();
            var line = new PriorityLine(priority, of.Count,
                response.Count(r => r == Outcome.Met), response.Count(r => r == Outcome.Missed), response.Count(r => r == Outcome.Pending), Compliance(response),
                resolution.Count(r => r == Outcome.Met), resolution.Count(r => r == Outcome.Missed), resolution.Count(r => r == Outcome.Pending), Compliance(resolution));
            if (line.ResponseMissed > 0)
            {
                missedResponse.Add(priority);
            }

            if (line.ResolutionMissed > 0)
            {
                missedResolution.Add(priority);
            }

            lines.Add(line);
        }

        var problems = await db.Set<Ticket>().AsNoTracking()
            .Where(t => t.ServiceId == serviceId && t.Kind == TicketKinds.Problem && t.OpenedUtc < to
                && !TicketStatuses.Ended.Contains(t.Status))
            .OrderBy(t => t.Number)
            .Select(t => new ProblemLine(t.Number, t.Title, t.Status, t.KnownError))
            .ToListAsync(ct);
        var majors = incidents.Where(i => i.MajorState == "declared").OrderBy(i => i.Number, StringComparer.Ordinal)
            .Select(i => new MajorIncidentLine(i.Number, i.Title, i.Status, !string.IsNullOrWhiteSpace(i.RcaRootCause))).ToList();

        var changeRows = await db.Set<Ticket>().AsNoTracking()
            .Where(t => t.ServiceId == serviceId && t.Kind == TicketKinds.Change && t.OpenedUtc >= from && t.OpenedUtc < to)
            .Select(t => new { t.ChangeType, t.ChangeApproval })
            .ToListAsync(ct);
        var changes = changeRows.GroupBy(c => (Type: c.ChangeType ?? "", Approval: c.ChangeApproval ?? ""))
            .OrderBy(g => g.Key.Type, StringComparer.Ordinal).ThenBy(g => g.Key.Approval, StringComparer.Ordinal)
            .Select(g => new ChangeLine(g.Key.Type, g.Key.Approval, g.Count())).ToList();

        var satisfaction = await SatisfactionAsync(service, from, to, ct);
        var sanctions = SanctionsOf(service.SanctionsJson);
        var sanctionLines = sanctions.Rules.Select(rule =>
        {
            var missed = rule.Measure switch
            {
                "availability" => !availabilityMet,
                "outages" => !outagesMet,
                "response" => rule.Priority is { } p ? missedResponse.Contains(p) : missedResponse.Count > 0,
                "resolution" => rule.Priority is { } p ? missedResolution.Contains(p) : missedResolution.Count > 0,
                SanctionMeasures.Satisfaction => satisfaction.Met == false,
                _ => false,
            };
            return new SanctionLine(rule.Measure, rule.Priority, rule.PercentOfFee, missed, missed ? Euros(sanctions.MonthlyFeeEur * rule.PercentOfFee / 100m) : 0m);
        }).ToList();

        return new ReportContent(Format, service.Id, service.NameFi, service.NameSv, service.NameEn, year, month, now.ToUniversalTime(),
            section, lines, new ProblemSection(problems.Count, problems, majors), changes, satisfaction,
            new SanctionSection(sanctions.MonthlyFeeEur, sanctionLines, sanctionLines.Sum(l => l.AmountEur)));
    }

    /// <summary>
    /// The mean rating of the service's incidents and requests resolved in [from, to): a reopened ticket has no resolution
    /// time and counts again in the month it is resolved next. The mean is cut (never rounded up) to two decimals, and
    /// that figure is what the target is compared with.
    /// </summary>
    private async Task<SatisfactionSection> SatisfactionAsync(SmService service, DateTime from, DateTime to, CancellationToken ct)
    {
        var ratings = await db.Set<TicketRating>().AsNoTracking()
            .Join(db.Set<Ticket>().Where(t => t.ServiceId == service.Id && (t.Kind == TicketKinds.Incident || t.Kind == TicketKinds.Request)
                    && t.Status != TicketStatuses.Cancelled && t.ResolvedUtc >= from && t.ResolvedUtc < to),
                r => r.TicketId, t => t.Id, (r, t) => r.Rating)
            .ToListAsync(ct);
        decimal? target = service.SatisfactionTarget is { } st ? decimal.Round((decimal)st, 2) : null;
        if (ratings.Count == 0)
        {
            return new SatisfactionSection(SatisfactionSection.NotMeasured, null, 0, target, null);
        }

        var mean = decimal.Round((decimal)ratings.Sum() / ratings.Count, 2, MidpointRounding.ToZero);
        return new SatisfactionSection(SatisfactionSection.Measured, mean, ratings.Count, target, target is { } t ? mean >= t : null);
    }

    /// <summary>The contract's sanction table; an unreadable table counts as none (the report then shows no sanctions).</summary>
    internal static Sanctions SanctionsOf(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Sanctions>(json, SmSeeder.Json) is { Rules: not null } s ? s : new Sanctions(0m, []);
        }
        catch (JsonException)
        {
            return new Sanctions(0m, []);
        }
    }

    private enum Outcome
    {
        Met,
        Missed,
        Pending,
    }

    private static Outcome Judge(DateTime? done, DateTime? due, bool breached, DateTime now)
    {
        if (breached)
        {
            return Outcome.Missed;
        }

        if (done is { } d)
        {
            return due is { } limit && d > limit ? Outcome.Missed : Outcome.Met;
        }

        return due is { } l && l < now ? Outcome.Missed : Outcome.Pending;
    }

    private static decimal? Compliance(IReadOnlyList<Outcome> outcomes)
    {
        var met = outcomes.Count(o => o == Outcome.Met);
        var decided = met + outcomes.Count(o => o == Outcome.Missed);
        return decided == 0 ? null : decimal.Round(met * 100m / decided, 2, MidpointRounding.ToZero);
    }

    private static decimal Euros(decimal amount) => decimal.Round(amount, 2, MidpointRounding.AwayFromZero);
}
