using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Data;

/// <summary>
/// The demo county's service catalogue (Polku's own modules and the external services it routes to) and seed 002's
/// priority table. Runs once: a catalogue with any service is left as it is.
/// </summary>
internal static class SmSeeder
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<PolkuDb>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        if (!await db.Set<PriorityCell>().AnyAsync(ct))
        {
            db.Set<PriorityCell>().AddRange(DefaultMatrix());
        }

        if (!await db.Set<Counter>().AnyAsync(ct))
        {
            db.Set<Counter>().AddRange(TicketKinds.All.Select(k => new Counter { Kind = k, Last = 0 }).Append(new Counter { Kind = "kb", Last = 0 }));
        }

        if (!await db.Set<SmService>().AnyAsync(ct))
        {
            foreach (var service in DemoCatalogue(now))
            {
                db.Set<SmService>().Add(service);
                if (service.HealthUrl is not null)
                {
                    db.Set<ProbeSchedule>().Add(new ProbeSchedule { ServiceId = service.Id, NextDueUtc = now });
                }
            }
        }

        await db.SaveChangesAsync(ct);
        await Knowledge.KnowledgeSeeder.SeedAsync(services, ct);
        await DemoTicketsAsync(services, db, ct);
    }

    /// <summary>A few tickets of each kind so that the demo desk is not empty: opened through the ticket service, as a person would.</summary>
    private static async Task DemoTicketsAsync(IServiceProvider services, PolkuDb db, CancellationToken ct)
    {
        if (await db.Set<Ticket>().AnyAsync(ct))
        {
            return;
        }

        var tickets = services.GetRequiredService<TicketService>();
        var desk = new TicketActor(null, "Tuomas Tukipalvelu", false);
        var manager = new TicketActor(null, "Paula Päällikkö", true);
        var login = (await tickets.OpenAsync(new NewTicket(TicketKinds.Incident, "polku-front", "kirjautuminen",
            "Kirjautuminen hidastuu aamuisin", "Asukkaat kertovat, että tunnistautuminen kestää arkiaamuisin klo 8–9 yli minuutin.",
            Impacts.Limiting, Urgencies.Serious, "Sanna Sihteeri"), desk, ct)).Value!;
        await tickets.ChangeStatusAsync(login.Id, TicketStatuses.InProgress, "Selvitämme tunnistuspalvelun vasteaikoja.", desk, ct);
        await tickets.OpenAsync(new NewTicket(TicketKinds.Request, "polku-appointments", "ajanvaraus",
            "Uusi palvelu ajanvaraukseen: diabeteshoitajan etävastaanotto", "Loviisan terveysasema pyytää diabeteshoitajan etävastaanottoa itse varattavaksi.",
            Impacts.Local, Urgencies.Minor, "Liisa Lähihoito"), desk, ct);
        var problem = (await tickets.OpenAsync(new NewTicket(TicketKinds.Problem, "video", "ääni",
            "Videovastaanoton ääni katkeaa joillakin selaimilla", "Toistuvia ilmoituksia äänen katkeamisesta kesken videovastaanoton.",
            Impacts.Limiting, Urgencies.Normal), desk, ct)).Value!;
        await tickets.WorkaroundAsync(problem.Id, "Pyydä asukasta liittymään uudelleen toisella selaimella tai puhelimen sovelluksella.", true, desk, ct);
        var sound = (await tickets.OpenAsync(new NewTicket(TicketKinds.Incident, "video", "ääni",
            "Asukas ei kuule ammattilaista videovastaanotolla", "Porvoon terveysaseman etävastaanotolla ääni katkesi kahdesti.",
            Impacts.Local, Urgencies.Normal, "Hanna Hoitaja"), desk, ct)).Value!;
        await tickets.LinkAsync(sound.Id, problem.Number, desk, ct);
        await tickets.OpenAsync(new NewTicket(TicketKinds.Change, "polku-contacts", "päivitys",
            "Viestien ja lomakkeiden päivitys", "Päivitys, joka nopeuttaa liitteiden käsittelyä. Katko enintään 30 minuuttia.",
            Impacts.Wide, Urgencies.Minor, ChangeType: ChangeTypes.Normal), manager, ct);

        // A request the demo nurse reported and the desk has resolved: she can rate its handling on /service-requests.
        if (await services.GetRequiredService<IPeopleDirectory>().FindStaffByLoginAsync("hoitaja.porvoo", ct) is { } nurse)
        {
            var asked = (await tickets.OpenAsync(new NewTicket(TicketKinds.Request, "polku-appointments", "request",
                "Ajanvarauksen vahvistusviestiin väärä osoite", "Porvoon terveysaseman vahvistusviestissä on vanha katuosoite.",
                Impacts.Local, Urgencies.Normal), new TicketActor(nurse.Id, nurse.DisplayName, false), ct)).Value!;
            await tickets.CommentAsync(asked.Id, "Osoite on korjattu toimipisteen tietoihin; uudet vahvistukset kertovat oikean osoitteen.", true, desk, ct);
            await tickets.ChangeStatusAsync(asked.Id, TicketStatuses.Resolved, null, desk, ct);
        }
    }

    /// <summary>Seed 002's table: rows are impact (wide, significant, limiting, local), columns urgency.</summary>
    public static IEnumerable<PriorityCell> DefaultMatrix()
    {
        string[][] table =
        [
            ["P1", "P1", "P2", "P4"],
            ["P1", "P2", "P3", "P4"],
            ["P2", "P2", "P4", "P4"],
            ["P2", "P3", "P4", "P4"],
        ];
        for (var i = 0; i < Impacts.All.Count; i++)
        {
            for (var u = 0; u < Urgencies.All.Count; u++)
            {
                yield return new PriorityCell { Impact = Impacts.All[i], Urgency = Urgencies.All[u], Priority = table[i][u] };
            }
        }
    }

    private static string Targets(int p1Response, int p1Resolution, int p2Response, int p2Resolution, int p3Response, int p3Resolution, int p4Response, int p4Resolution) =>
        JsonSerializer.Serialize(new Dictionary<string, PriorityTarget>
        {
            ["P1"] = new(p1Response, p1Resolution),
            ["P2"] = new(p2Response, p2Resolution),
            ["P3"] = new(p3Response, p3Resolution),
            ["P4"] = new(p4Response, p4Resolution),
        }, Json);

    private static string SanctionTable(decimal fee) => JsonSerializer.Serialize(new Sanctions(fee,
    [
        new("availability", null, 5m),
        new("outages", null, 2m),
        new("response", "P1", 3m),
        new("resolution", "P1", 5m),
        new("resolution", "P2", 2m),
    ]), Json);

    private static IEnumerable<SmService> DemoCatalogue(DateTime now)
    {
        // Polku's own modules: 24x7 for what residents use at any hour, probed at Polku's own readiness endpoint.
        // Relative health URLs are resolved against this node's own address by the prober.
        SmService Own(string id, string fi, string sv, string en, string calendar, double target, string tier) => new()
        {
            Id = id, NameFi = fi, NameSv = sv, NameEn = en, Owner = "Digipalvelut / palvelupäällikkö", Supplier = "Hyvinvointialueen ICT",
            Tier = tier, Calendar = calendar, AvailabilityTarget = target, MaxUnplannedOutages = 4, Lifecycle = "in-use", External = false,
            HealthUrl = "/health/ready", ProbeIntervalSeconds = 60, ProbeTimeoutSeconds = 5, FailuresToOpen = 2,
            TargetsJson = calendar == ServiceCalendars.AroundTheClock ? Targets(15, 240, 60, 480, 240, 2400, 480, 4800) : Targets(30, 240, 60, 480, 240, 2400, 480, 4800),
            SanctionsJson = SanctionTable(4000m), UpdatedUtc = now,
        };

        SmService External(string id, string fi, string sv, string en, string owner, string supplier, string calendar, double target, string tier, string? health, string lifecycle = "in-use") => new()
        {
            Id = id, NameFi = fi, NameSv = sv, NameEn = en, Owner = owner, Supplier = supplier,
            Tier = tier, Calendar = calendar, AvailabilityTarget = target, MaxUnplannedOutages = 4, Lifecycle = lifecycle, External = true,
            HealthUrl = health, ProbeIntervalSeconds = 60, ProbeTimeoutSeconds = 5, FailuresToOpen = 2,
            TargetsJson = Targets(30, 240, 60, 480, 240, 2400, 480, 4800), SanctionsJson = SanctionTable(2500m), UpdatedUtc = now,
        };

        yield return Own("polku-front", "Polku: etuovi ja palveluhakemisto", "Polku: ingång och servicekatalog", "Polku: front door and service directory", ServiceCalendars.AroundTheClock, 99.5, "L");
        yield return Own("polku-assessments", "Polku: oire- ja palveluarviot", "Polku: symtom- och servicebedömningar", "Polku: symptom and service assessments", ServiceCalendars.AroundTheClock, 99.5, "L");
        yield return Own("polku-appointments", "Polku: ajanvaraus ja etävastaanotot", "Polku: tidsbokning och distansmottagningar", "Polku: booking and remote appointments", ServiceCalendars.AroundTheClock, 99.5, "L");
        yield return Own("polku-contacts", "Polku: viestit, lomakkeet ja chat", "Polku: meddelanden, blanketter och chatt", "Polku: messages, forms and chat", ServiceCalendars.AroundTheClock, 99.5, "L");
        yield return Own("polku-desk", "Polku: ammattilaisen työpöytä", "Polku: yrkespersonens arbetsbord", "Polku: the professional's desk", ServiceCalendars.Office, 99.0, "M");
        yield return Own("polku-tower", "Polku: johtamisen tilannekuva", "Polku: ledningens lägesbild", "Polku: control tower", ServiceCalendars.Office, 98.0, "S");

        // External services the demo county routes to. Their health URLs point at development stand-ins in Polku
        // (the machine has no internet); a county sets the real addresses in the catalogue.
        yield return External("omaolo", "Omaolo-oirearvio", "Omaolo-symtombedömning", "Omaolo symptom assessment", "Digipalvelut", "DigiFinland Oy", ServiceCalendars.AroundTheClock, 99.5, "L", "/dev/stand-ins/omaolo/health");
        yield return External("video", "Videovastaanottopalvelu", "Videomottagningstjänst", "Video appointment service", "Digipalvelut", "Videopalvelun toimittaja", ServiceCalendars.AroundTheClock, 99.0, "M", "/dev/stand-ins/video/health");
        yield return External("terveyskyla", "Terveyskylä", "Terveyskylä (Hälsobyn)", "Terveyskylä (Health Village)", "Digipalvelut", "HUS", ServiceCalendars.Office, 99.0, "M", null);
        yield return External("porvoo-eservices", "Porvoon kaupungin sähköinen asiointi", "Borgå stads e-tjänster", "City of Porvoo e-services", "Porvoon kaupunki", "Porvoon kaupunki", ServiceCalendars.Office, 98.0, "S", null, "retiring");
    }
}
