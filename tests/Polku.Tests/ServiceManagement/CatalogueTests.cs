using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Tickets;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ServiceManagement;

/// <summary>Issue 15 item 1: the service manager keeps the catalogue; the service desk reads it; bad values are localised form errors.</summary>
public sealed class CatalogueTests
{
    private static readonly DateTimeOffset Now = new(2026, 4, 2, 11, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, string> Form(Dictionary<string, string>? changes = null)
    {
        var form = new Dictionary<string, string>
        {
            ["NameFi"] = "Polku: ammattilaisen työpöytä", ["NameSv"] = "Polku: yrkespersonens arbetsbord", ["NameEn"] = "Polku: the professional's desk",
            ["Owner"] = "Digipalvelut", ["Supplier"] = "Hyvinvointialueen ICT", ["Tier"] = "L", ["Calendar"] = "24x7", ["Lifecycle"] = "in-use",
            ["AvailabilityTarget"] = "99,75", ["MaxUnplannedOutages"] = "3", ["HealthUrl"] = "/health/ready", ["ProbeIntervalSeconds"] = "60",
            ["ProbeTimeoutSeconds"] = "5", ["FailuresToOpen"] = "2",
            ["ResponseP1"] = "15", ["ResolutionP1"] = "120", ["ResponseP2"] = "30", ["ResolutionP2"] = "480",
            ["ResponseP3"] = "240", ["ResolutionP3"] = "2400", ["ResponseP4"] = "480", ["ResolutionP4"] = "4800",
            ["MonthlyFee"] = "4000", ["SatisfactionTarget"] = "",
            ["SanctionMeasure0"] = "availability", ["SanctionPriority0"] = "", ["SanctionPercent0"] = "5",
            ["SanctionMeasure1"] = "resolution", ["SanctionPriority1"] = "P1", ["SanctionPercent1"] = "5",
        };
        foreach (var (k, v) in changes ?? [])
        {
            form[k] = v;
        }

        return form;
    }

    [Fact]
    public async Task The_service_manager_changes_a_services_time_and_targets_and_new_tickets_follow_them()
    {
        await using var factory = new PolkuAppFactory { Time = new ManualTimeProvider(Now) };
        var manager = await TicketTests.DeskAsync(factory, "palvelupaallikko");
        var (_, token) = await SignIn.GetFormAsync(manager, "/service/catalogue/polku-desk");
        using (var saved = await SignIn.PostFormAsync(manager, "/service/catalogue/polku-desk", token, Form()))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var service = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<SmService>().SingleAsync(s => s.Id == "polku-desk");
            Assert.Equal(("L", "24x7", 99.75, 3), (service.Tier, service.Calendar, service.AvailabilityTarget, service.MaxUnplannedOutages));
            Assert.Equal(120, TicketService.Targets(service)["P1"].ResolutionMinutes);
        }

        // A P1 opened now (Thursday 14:00 before Easter) is due in 120 real minutes: the desk now runs around the clock.
        var ticket = await TicketTests.OpenAsync(manager, new { kind = "incident", serviceId = "polku-desk", category = "x", title = "Työpöytä ei aukea", description = "", impact = "wide", urgency = "critical" });
        Assert.Equal(new DateTimeOffset(2026, 4, 2, 16, 0, 0, TimeSpan.FromHours(3)), ticket.GetProperty("resolution").GetProperty("due").GetDateTimeOffset());

        // Bad values: a localised error on the field, nothing saved.
        foreach (var (field, value, text) in new[]
        {
            ("AvailabilityTarget", "sata", "Anna tavoite prosentteina"), ("ResponseP2", "600", "Vasteaika ei voi olla pidempi"),
            ("HealthUrl", "javascript:alert(1)", "Osoitteen on alettava"), ("NameSv", " ", "Täytä kenttä"), ("Tier", "XL", "Valitse luettelosta"),
        })
        {
            (_, token) = await SignIn.GetFormAsync(manager, "/service/catalogue/polku-desk");
            using var bad = await SignIn.PostFormAsync(manager, "/service/catalogue/polku-desk", token, Form(new() { [field] = value }));
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            Assert.Contains(text, SignIn.Html(await bad.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        // The service desk reads the entry but may not change it.
        var desk = await TicketTests.DeskAsync(factory);
        var (html, deskToken) = await SignIn.GetFormAsync(desk, "/service/catalogue/polku-desk");
        Assert.Contains("Vain palvelupäällikkö", SignIn.Html(html), StringComparison.Ordinal);
        using var refused = await SignIn.PostFormAsync(desk, "/service/catalogue/polku-desk", deskToken, Form(new() { ["Tier"] = "S" }));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var missing = await manager.GetAsync(new Uri("/service/catalogue/nope", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
