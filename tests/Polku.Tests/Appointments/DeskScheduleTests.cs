using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Data;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Appointments;

/// <summary>Schedule management: validation that keeps what was typed, optimistic concurrency, rebuild that keeps bookings.</summary>
[Trait("Category", "Postgres")]
public sealed class DeskScheduleTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private static List<KeyValuePair<string, string>> Fields(Schedule s, string pattern, int version, string slotMinutes = "15") =>
    [
        new("Input.UnitCode", s.UnitCode),
        new("Input.StaffId", s.StaffId?.ToString("D") ?? ""),
        new("Input.ServiceCode", s.ServiceCode),
        new("Input.Mode", "video"),
        new("Input.Pattern", pattern),
        new("Input.SlotMinutes", slotMinutes),
        new("Input.BufferBeforeMinutes", "0"),
        new("Input.BufferAfterMinutes", "0"),
        new("Input.Capacity", "1"),
        new("Input.MinNoticeMinutes", "30"),
        new("Input.HorizonDays", "21"),
        new("Input.CancelNoticeHours", "24"),
        new("Input.Active", "true"),
        new("Input.Active", "false"),
        new("Input.Exceptions", ""),
        new("Input.ServedMunicipalities", "638"),
        new("Input.Version", version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
    ];

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Editing_a_schedule_rebuilds_free_slots_keeps_booked_ones_and_lists_them_as_conflicts(string engine)
    {
        var (app, _) = DeskTests.At(engine);
        await using var _app = app;
        var (_, residentId) = await DeskTests.TaskAsync(app);
        var nurseId = await DeskTests.StaffIdAsync(app, "hoitaja.porvoo");
        // The nurse's own video schedule: Mon-Fri 08:00-11:00 and 12:00-15:30, 15-minute slots. Book a morning slot.
        Slot morning;
        using (var scope = app.Services.CreateScope())
        {
            var after = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddHours(4);
            var candidates = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Slot>().AsNoTracking()
                .Where(s => s.StaffId == nurseId && s.Taken == 0 && s.StartUtc > after).OrderBy(s => s.StartUtc).Take(200).ToListAsync();
            morning = candidates.First(s => Polku.Appointments.Desk.DeskDisplay.Local(s.StartUtc).Hour < 11);
        }

        await DeskTests.BookAsync(app, residentId, morning.Id);
        Schedule schedule;
        int before;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            schedule = await db.Set<Schedule>().AsNoTracking().SingleAsync(s => s.Id == morning.ScheduleId);
            before = await db.Set<Slot>().CountAsync(s => s.ScheduleId == schedule.Id);
        }

        var coordinator = await DeskTests.StaffAsync(app, "koordinaattori");
        var url = $"/admin/schedules/{schedule.Id}";
        var (_, token) = await SignIn.GetFormAsync(coordinator, url);

        // Invalid input: localised errors, and what was typed stays in the form.
        using var invalid = await SignIn.PostFormAsync(coordinator, url, token, Fields(schedule, "Mon-Fri 8-11", schedule.Version, slotMinutes: "abc"));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var invalidHtml = SignIn.Html(await invalid.Content.ReadAsStringAsync());
        Assert.Contains("The weekly pattern is not valid", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("Enter a whole number in the allowed range", invalidHtml, StringComparison.Ordinal);
        Assert.Contains(">Mon-Fri 8-11</textarea>", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("value=\"abc\"", invalidHtml, StringComparison.Ordinal);

        // Afternoons only: the free morning slots go, the booked one stays and is listed as a conflict.
        using var saved = await SignIn.PostFormAsync(coordinator, url, token, Fields(schedule, "Mon-Fri 12:00-15:30", schedule.Version));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var location = saved.Headers.Location!.ToString();
        var match = Regex.Match(location, "removed=(\\d+)&added=(\\d+)");
        Assert.True(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, location);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            Assert.True(await db.Set<Slot>().AnyAsync(s => s.Id == morning.Id && s.Taken == 1), "the booked slot is never removed");
            Assert.True(await db.Set<Slot>().CountAsync(s => s.ScheduleId == schedule.Id) < before);
            var stored = await db.Set<Schedule>().SingleAsync(s => s.Id == schedule.Id);
            Assert.Equal("Mon-Fri 12:00-15:30", stored.Pattern);
            Assert.Equal(schedule.Version + 1, stored.Version);
        }

        var page = SignIn.Html(await coordinator.GetStringAsync(new Uri(location, UriKind.Relative)));
        Assert.Contains("Bookings outside the pattern", page, StringComparison.Ordinal);
        Assert.Contains("free slots were removed", page, StringComparison.Ordinal);

        // A save made on the old version is refused: someone else saved first.
        using var stale = await SignIn.PostFormAsync(coordinator, url, token, Fields(schedule, "Mon-Fri 09:00-10:00", schedule.Version));
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains(">Mon-Fri 09:00-10:00</textarea>", SignIn.Html(await stale.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // The nurse closes one afternoon of her own schedule from the desk; another nurse cannot open it.
        var nurse = await DeskTests.StaffAsync(app, "hoitaja.porvoo");
        var own = $"/desk/appointments/schedules/{schedule.Id}";
        var (_, nurseToken) = await SignIn.GetFormAsync(nurse, own);
        DateOnly closedDay;
        using (var scope = app.Services.CreateScope())
        {
            var last = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Slot>().Where(s => s.ScheduleId == schedule.Id && s.Taken == 0)
                .OrderByDescending(s => s.StartUtc).Select(s => s.StartUtc).FirstAsync();
            closedDay = DateOnly.FromDateTime(Polku.Appointments.Desk.DeskDisplay.Local(last).DateTime);
        }

        var closedText = closedDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        using var badException = await SignIn.PostFormAsync(nurse, own, nurseToken, [new("Exceptions", closedText + " suljettu"), new("Version", (schedule.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.BadRequest, badException.StatusCode);
        using var closed = await SignIn.PostFormAsync(nurse, own, nurseToken, [new("Exceptions", closedText + " closed"), new("Version", (schedule.Version + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var (from, to) = Polku.Appointments.Desk.DeskDisplay.DayRange(closedDay, 1);
            Assert.False(await db.Set<Slot>().AnyAsync(s => s.ScheduleId == schedule.Id && s.StartUtc >= from && s.StartUtc < to && s.Taken == 0));
        }

        var digi = await DeskTests.StaffAsync(app, "hoitaja.digi");
        Assert.Equal(HttpStatusCode.NotFound, (await digi.GetAsync(new Uri(own, UriKind.Relative))).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_new_schedule_materialises_its_slots(string engine)
    {
        var (app, _) = DeskTests.At(engine);
        await using var _app = app;
        var coordinator = await DeskTests.StaffAsync(app, "koordinaattori");
        var (_, token) = await SignIn.GetFormAsync(coordinator, "/admin/schedules/new");
        var template = new Schedule { UnitCode = "hs-434", ServiceCode = "vaccination" };
        using var saved = await SignIn.PostFormAsync(coordinator, "/admin/schedules/new", token, Fields(template, "Tue,Thu 09:00-11:00", 0, slotMinutes: "10"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Matches("removed=0&added=[1-9]", saved.Headers.Location!.ToString());
        var list = SignIn.Html(await coordinator.GetStringAsync(new Uri("/admin/schedules", UriKind.Relative)));
        // The list shows the rhythm in the reader's language (this client reads English), not as typed.
        Assert.Contains("Tue, Thu 09:00–11:00", list, StringComparison.Ordinal);
        Assert.Contains("/admin/schedules", SignIn.Html(await coordinator.GetStringAsync(new Uri("/admin", UriKind.Relative))), StringComparison.Ordinal);
    }
}
