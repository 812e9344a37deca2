using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;

using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Monitoring;

/// <summary>
/// What an outage opened by monitoring starts for a service of tier M or L: an incident (wide impact, critical
/// urgency, the priority the matrix gives them, first line, reported by monitoring) and a drafted disruption notice
/// naming the service in fi, sv and en.
/// Runs inside the caller's unit of work; the caller saves.
/// </summary>
internal sealed class IncidentOpener(PolkuDb db, TicketService tickets, Texts texts)
{
    /// <summary>The stored reporter of tickets monitoring opens; pages show <c>sm.monitoring.reporter</c>.</summary>
    public const string Reporter = "monitoring";

    public const string Category = "outage";

    public static bool OpensIncident(SmService service) => service.Tier is "M" or "L";

    /// <summary>Opens the incident and drafts the notice for <paramref name="outage"/>; returns the incident.</summary>
    public async Task<Ticket> OpenAsync(SmService service, Outage outage, DateTime now, CancellationToken ct)
    {
        // Opened through the ticket service like any incident: the number, the matrix's priority, the SLA clocks and the
        // history line come from the one place that writes them; it joins the prober's unit of work.
        var opened = await tickets.OpenAsync(new NewTicket(TicketKinds.Incident, service.Id, Category,
            Truncate(Text("fi", "sm.monitoring.incident.title", service.NameFi), 200),
            Text("fi", "sm.monitoring.incident.description", service.NameFi, Helsinki(outage.StartUtc, "fi")),
            Impacts.Wide, Urgencies.Critical, ReporterName: Reporter, OutageId: outage.Id), new TicketActor(null, Reporter, false), ct);
        var ticket = opened.Value ?? throw new InvalidOperationException($"Monitoring could not open an incident: {opened.Error?.Code}");
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

    /// <summary>A UTC time as Helsinki wall-clock time, written the way the language writes it.</summary>
    private static string Helsinki(DateTime utc, string language) =>
        Platform.Time.HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)))
            .ToString("g", Culture(language));

    private string Text(string language, string key, params object?[] args) =>
        string.Format(Culture(language), texts.Get(language, key), args);

    private static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language switch { "sv" => "sv-FI", "en" => "en-GB", _ => "fi-FI" });

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
