using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;

namespace Polku.ServiceManagement.Monitoring;

/// <summary>
/// What an outage opened by monitoring starts for a service of tier M or L: an incident (wide impact, critical
/// urgency, the priority the matrix gives them, first line, reported by monitoring) and a drafted disruption notice
/// naming the service in fi, sv and en. The one place that writes them, so it can later hand over to the ticket service.
/// Runs inside the caller's unit of work; the caller saves.
/// </summary>
internal sealed class IncidentOpener(PolkuDb db, Texts texts)
{
    /// <summary>The stored reporter of tickets monitoring opens; pages show <c>sm.monitoring.reporter</c>.</summary>
    public const string Reporter = "monitoring";

    public const string Category = "outage";

    public static bool OpensIncident(SmService service) => service.Tier is "M" or "L";

    /// <summary>Opens the incident and drafts the notice for <paramref name="outage"/>; returns the incident.</summary>
    public async Task<Ticket> OpenAsync(SmService service, Outage outage, DateTime now, CancellationToken ct)
    {
        var number = await NextNumberAsync(TicketKinds.Incident, ct);
        var priority = await db.Set<PriorityCell>().AsNoTracking()
            .Where(c => c.Impact == Impacts.Wide && c.Urgency == Urgencies.Critical)
            .Select(c => c.Priority)
            .SingleOrDefaultAsync(ct) ?? "P1";
        var ticket = new Ticket
        {
            Id = Guid.NewGuid(),
            Number = number,
            Kind = TicketKinds.Incident,
            ServiceId = service.Id,
            Category = Category,
            Title = Truncate(Text("fi", "sm.monitoring.incident.title", service.NameFi), 200),
            Description = Text("fi", "sm.monitoring.incident.description", service.NameFi, Helsinki(outage.StartUtc, "fi")),
            ReporterName = Reporter,
            AssigneeGroup = "line1",
            Status = TicketStatuses.New,
            Impact = Impacts.Wide,
            Urgency = Urgencies.Critical,
            MatrixPriority = priority,
            Priority = priority,
            OpenedUtc = now,
            OutageId = outage.Id,
            UpdatedUtc = now,
            Version = 1,
        };
        db.Add(ticket);
        db.Add(new TicketEntry
        {
            Id = Guid.NewGuid(),
            TicketId = ticket.Id,
            AtUtc = now,
            ActorName = Reporter,
            Kind = "created",
            Visibility = "internal",
            NewValue = TicketStatuses.New,
        });
        outage.IncidentId = ticket.Id;

        db.Add(new Notice
        {
            Id = Guid.NewGuid(),
            ServiceId = service.Id,
            Kind = "disruption",
            State = "draft",
            TitleFi = Truncate(Text("fi", "sm.monitoring.notice.title", service.NameFi), 200),
            TitleSv = Truncate(Text("sv", "sm.monitoring.notice.title", service.NameSv), 200),
            TitleEn = Truncate(Text("en", "sm.monitoring.notice.title", service.NameEn), 200),
            BodyFi = Text("fi", "sm.monitoring.notice.body", service.NameFi, Helsinki(outage.StartUtc, "fi")),
            BodySv = Text("sv", "sm.monitoring.notice.body", service.NameSv, Helsinki(outage.StartUtc, "sv")),
            BodyEn = Text("en", "sm.monitoring.notice.body", service.NameEn, Helsinki(outage.StartUtc, "en")),
            StartsUtc = outage.StartUtc,
            IncidentId = ticket.Id,
            CreatedUtc = now,
            UpdatedUtc = now,
        });
        return ticket;
    }

    /// <summary>The kind's next running number (<c>INC-000001</c>), taken with one UPDATE … RETURNING inside the caller's transaction.</summary>
    private async Task<string> NextNumberAsync(string kind, CancellationToken ct)
    {
        var taken = await db.Database
            .SqlQuery<long>($"UPDATE sm_counters SET last = last + 1 WHERE kind = {kind} RETURNING last AS \"Value\"")
            .ToListAsync(ct);
        if (taken.Count != 1)
        {
            throw new InvalidOperationException($"The ticket counter of kind '{kind}' is missing.");
        }

        return TicketKinds.Prefix(kind) + "-" + taken[0].ToString("000000", CultureInfo.InvariantCulture);
    }

    /// <summary>A UTC time as Helsinki wall-clock time, written the way the language writes it.</summary>
    private static string Helsinki(DateTime utc, string language) =>
        Platform.Time.HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)))
            .ToString("g", Culture(language));

    private string Text(string language, string key, params object?[] args) =>
        string.Format(Culture(language), texts.Get(language, key), args);

    private static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language switch { "sv" => "sv-FI", "en" => "en-GB", _ => "fi-FI" });

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
