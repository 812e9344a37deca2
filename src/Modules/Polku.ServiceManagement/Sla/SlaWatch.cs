using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Jobs;
using Polku.Platform.Localization;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Platform.Web;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Domain.Sla;

namespace Polku.ServiceManagement.Sla;

/// <summary>
/// SLA-vahti — watches the response and resolution clocks of open incidents and service requests. When a clock reaches
/// 75 % of its target the ticket is warned, at 100 % breached: the flag is set, an internal history line
/// (<c>sla-warning</c> / <c>sla-breach</c>) is written and the assignee group gets an e-mail through the outbox, which
/// names only the ticket's number and title. Exactly once across nodes: each signal is claimed by a conditional UPDATE
/// (… WHERE flag = false) whose row count decides, in the same unit of work as the history line and the outbox row, so
/// of two nodes (or two overlapping runs) one wins and the other changes nothing; a crash before the commit leaves the
/// signal to the next run. The outbox's dedupe key (<c>sm-sla:{ticket}:{clock}:{signal}</c>) is the second guard.
/// A clock that jumps past both marks at once (e.g. after the node was down) gives the breach only.
/// </summary>
internal sealed class SlaWatch(PolkuDb db, UnitOfWork unit, Polku.Platform.Outbox.Outbox outbox, Texts texts, PublicSite site, IConfiguration configuration,
    TimeProvider time)
{
    public const string Response = "response";
    public const string Resolution = "resolution";
    public const string WarningEntry = "sla-warning";
    public const string BreachEntry = "sla-breach";

    /// <summary>The e-mail address of a group when <c>ServiceManagement:GroupAddresses:{group}</c> is not configured.</summary>
    public static string DefaultAddress(string group) => $"{group}@palvelupiste.example.invalid";

    /// <summary>The statuses in which a clock runs: open and not waiting for the reporter or a third party.</summary>
    private static readonly string[] Running = [.. TicketStatuses.All.Where(s => TicketStatuses.Open(s) && !TicketStatuses.Pauses(s))];

    private static readonly string[] Watched = [TicketKinds.Incident, TicketKinds.Request];

    private static readonly string[] Languages = ["fi", "sv", "en"];

    /// <summary>The outbox dedupe key of one signal of one clock of one ticket.</summary>
    public static string DedupeKey(Guid ticketId, string clock, bool breach) => $"sm-sla:{ticketId:D}:{clock}:{(breach ? "breach" : "warning")}";

    /// <summary>The address of an assignee group's mailbox.</summary>
    public string AddressOf(string group)
    {
        var known = AssigneeGroups.All.Contains(group, StringComparer.Ordinal) ? group : AssigneeGroups.All[0];
        return configuration[$"{SmOptions.Section}:GroupAddresses:{known}"] is { Length: > 0 } configured ? configured.Trim() : DefaultAddress(known);
    }

    /// <summary>Raises the warnings and breaches that are due now; returns how many it claimed. Safe to run on several nodes at once.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var tickets = await db.Set<Ticket>().AsNoTracking()
            .Where(t => Watched.Contains(t.Kind) && Running.Contains(t.Status)
                && ((t.RespondedUtc == null && !t.ResponseBreached) || !t.ResolutionBreached))
            .Select(t => new WatchedTicket(t.Id, t.ServiceId, t.Priority, t.OpenedUtc, t.RespondedUtc, t.ResponseWarned, t.ResponseBreached, t.ResolutionWarned,
                t.ResolutionBreached))
            .ToListAsync(ct);
        if (tickets.Count == 0)
        {
            return 0;
        }

        var services = await db.Set<SmService>().AsNoTracking().Select(s => new { s.Id, s.Calendar, s.TargetsJson }).ToListAsync(ct);
        var targets = services.ToDictionary(s => s.Id, s => (s.Calendar, Targets: ServiceTargets.Read(s.TargetsJson)), StringComparer.Ordinal);
        var pauses = await PausesAsync([.. tickets.Select(t => t.Id)], ct);
        var claimed = 0;
        foreach (var t in tickets)
        {
            if (!targets.TryGetValue(t.ServiceId, out var service) || !ServiceCalendar.IsKnown(service.Calendar)
                || !service.Targets.TryGetValue(t.Priority, out var target))
            {
                continue;
            }

            var opened = Utc(t.OpenedUtc);
            var paused = pauses.TryGetValue(t.Id, out var list) ? list : [];
            if (t.RespondedUtc is null && !t.ResponseBreached
                && Signal(SlaClock.State(opened, target.ResponseMinutes, service.Calendar, paused, now), t.ResponseWarned) is { } response
                && await ClaimAsync(t.Id, Response, response, SlaClock.Due(opened, target.ResponseMinutes, service.Calendar, paused, now), ct))
            {
                claimed++;
            }

            if (!t.ResolutionBreached
                && Signal(SlaClock.State(opened, target.ResolutionMinutes, service.Calendar, paused, now), t.ResolutionWarned) is { } resolution
                && await ClaimAsync(t.Id, Resolution, resolution, SlaClock.Due(opened, target.ResolutionMinutes, service.Calendar, paused, now), ct))
            {
                claimed++;
            }
        }

        return claimed;
    }

    /// <summary>True for a breach to raise, false for a warning, null when there is nothing new.</summary>
    private static bool? Signal(SlaState state, bool warned) => state switch
    {
        SlaState.Breached => true,
        SlaState.Warning when !warned => false,
        _ => null,
    };

    /// <summary>One unit per signal: the claim, the history line and the outbox row commit together or not at all.</summary>
    private Task<bool> ClaimAsync(Guid ticketId, string clock, bool breach, DateTimeOffset due, CancellationToken ct) =>
        unit.RunAsync(async ct =>
        {
            // The one statement that decides a race between nodes: only the run that turns the flag from false to
            // true goes on. A breach sets the warning flag too, so no warning follows it. The status is checked
            // again, so a ticket resolved or paused since it was read is left alone.
            var tickets = db.Set<Ticket>().Where(x => x.Id == ticketId && Running.Contains(x.Status));
            var taken = (clock, breach) switch
            {
                (Response, true) => await tickets.Where(x => !x.ResponseBreached && x.RespondedUtc == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.ResponseBreached, true).SetProperty(x => x.ResponseWarned, true), ct),
                (Response, false) => await tickets.Where(x => !x.ResponseWarned && !x.ResponseBreached && x.RespondedUtc == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.ResponseWarned, true), ct),
                (_, true) => await tickets.Where(x => !x.ResolutionBreached)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.ResolutionBreached, true).SetProperty(x => x.ResolutionWarned, true), ct),
                _ => await tickets.Where(x => !x.ResolutionWarned && !x.ResolutionBreached)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.ResolutionWarned, true), ct),
            };
            if (taken == 0)
            {
                return false;
            }

            var ticket = await db.Set<Ticket>().AsNoTracking().Where(x => x.Id == ticketId)
                .Select(x => new { x.Number, x.Title, x.AssigneeGroup }).FirstAsync(ct);
            var now = time.GetUtcNow().UtcDateTime;
            db.Set<TicketEntry>().Add(new TicketEntry
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                TicketId = ticketId,
                AtUtc = now,
                ActorStaffId = null,
                ActorName = "",
                Kind = breach ? BreachEntry : WarningEntry,
                Visibility = "internal",
                NewValue = clock,
                Text = Api.SlaApi.Iso(due),
            });
            var (subject, body) = Mail(ticketId, ticket.Number, ticket.Title, clock, breach, due);
            await outbox.EnqueueIfAbsentAsync(OutboxChannel.Email, AddressOf(ticket.AssigneeGroup), DedupeKey(ticketId, clock, breach), body, subject, cancellationToken: ct);
            return true;
        }, static claimed => claimed, ct);

    /// <summary>
    /// The group mailbox's message in Finnish, Swedish and English (a group has no one language): the ticket's number and
    /// title, which clock, its due time and the link to the ticket — nothing about the reporter.
    /// </summary>
    internal (string Subject, string Body) Mail(Guid ticketId, string number, string title, string clock, bool breach, DateTimeOffset due)
    {
        var signal = breach ? "breach" : "warning";
        var local = Polku.Platform.Time.HelsinkiTime.ToLocal(due);
        var link = site.Url(ServiceManagementRoutes.Ticket(number));
        string In(string language, string key, params object[] args) =>
            string.Format(CultureInfo.InvariantCulture, texts.Get(language, key), args);
        var subject = string.Join(" / ", Languages.Select(l => In(l, $"sm.sla.mail.{signal}.subject", number)));
        var body = string.Join("\n\n", Languages.Select(l =>
            In(l, $"sm.sla.mail.{signal}.body", number, title, texts.Get(l, $"sm.sla.clock.{clock}"), local) + "\n" + link));
        return (subject, body);
    }

    private async Task<Dictionary<Guid, List<SlaPause>>> PausesAsync(List<Guid> ids, CancellationToken ct)
    {
        var result = new Dictionary<Guid, List<SlaPause>>();
        foreach (var chunk in ids.Chunk(500))
        {
            var rows = await db.Set<TicketPause>().AsNoTracking().Where(p => chunk.Contains(p.TicketId))
                .Select(p => new { p.TicketId, p.StartUtc, p.EndUtc }).ToListAsync(ct);
            foreach (var p in rows)
            {
                if (!result.TryGetValue(p.TicketId, out var list))
                {
                    result[p.TicketId] = list = [];
                }

                list.Add(new SlaPause(Utc(p.StartUtc), p.EndUtc is { } end ? Utc(end) : null));
            }
        }

        return result;
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record WatchedTicket(Guid Id, string ServiceId, string Priority, DateTime OpenedUtc, DateTime? RespondedUtc, bool ResponseWarned,
        bool ResponseBreached, bool ResolutionWarned, bool ResolutionBreached);
}

/// <summary>Registers <see cref="SlaWatch"/>, run every minute on every node where <see cref="SmOptions.WorkerEnabled"/>; the watch makes that safe.</summary>
internal static class SlaWatchWorker
{
    /// <summary>The watch for every node, the timer only where enabled (tests switch it off and call <see cref="SlaWatch.RunOnceAsync"/>).</summary>
    public static void Register(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<SlaWatch>();
        if (configuration.GetSection(SmOptions.Section).GetValue(nameof(SmOptions.WorkerEnabled), true))
        {
            services.AddPeriodicJob<SlaWatch>("SLA watch", TimeSpan.FromMinutes(1), (watch, ct) => watch.RunOnceAsync(ct));
        }
    }
}
