using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.BrowserTests.Infrastructure;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.BrowserTests;

/// <summary>
/// A remote appointment in real browsers: the resident joins the waiting room, the Porvoo nurse sees them appear live
/// on the desk's waiting room and admits them, the resident's page shows the way into the video room without a
/// reload, and the nurse completes the visit in the (development) room.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RemoteAppointmentTests(PolkuServerFixture server, BrowserFixture browser)
{
    [BrowserFact]
    public async Task Resident_waits_live_nurse_admits_and_completes_the_video_visit()
    {
        await using var residentContext = await browser.NewPageAsync(server.BaseUrl, "fi");
        await using var nurseContext = await browser.NewPageAsync(server.BaseUrl, "fi");
        var resident = residentContext.Page;
        var nurse = nurseContext.Page;
        await SignIn.ResidentAsync(resident, SignIn.Maija);
        await SignIn.StaffAsync(nurse, SignIn.Nurse);

        // A video appointment at the Porvoo health station starting in ten minutes: joining is already open.
        var appointment = await BookVideoAsync(TimeSpan.FromMinutes(10));

        await nurse.GotoAsync("desk/waiting-room?unit=hs-638");
        await Accessibility.AssertNoViolationsAsync(nurse);
        var row = nurse.Locator($"#waiting-live table[aria-labelledby='waiting-title'] tr[data-appointment='{appointment.Id}']");
        Assert.Equal(0, await row.CountAsync());

        await resident.GotoAsync($"appointments/{appointment.Id:D}/join");
        await Accessibility.AssertNoViolationsAsync(resident);
        await Navigation.ClickAsync(resident, resident.Locator("#remote-live form button[type='submit']"));
        await Assertions.Expect(resident.Locator("#remote-live h2")).ToHaveTextAsync("Olet odotushuoneessa");

        // The nurse's page was not reloaded: the live event brings the resident into the waiting list.
        await Assertions.Expect(row).ToContainTextAsync(SignIn.Maija);
        await Navigation.ClickAsync(nurse, row.Locator("form[id^='admit-'] button"));
        Assert.Contains("/video/" + appointment.VideoRoomId, nurse.Url, StringComparison.Ordinal);
        await Assertions.Expect(nurse.Locator("#dev-stand-in")).ToBeVisibleAsync();
        await Accessibility.AssertNoViolationsAsync(nurse);

        // The resident's page turns into the way into the room by itself.
        var link = resident.Locator("#room-link");
        await Assertions.Expect(link).ToBeVisibleAsync();
        Assert.Equal("/video/" + appointment.VideoRoomId, await link.GetAttributeAsync("href"));

        // Open the room by its address: the live script may be re-rendering the region that holds the link.
        await resident.GotoAsync("video/" + appointment.VideoRoomId);
        await Assertions.Expect(resident.Locator("#room-state")).ToHaveTextAsync("Käynti on käynnissä.");
        await Accessibility.AssertNoViolationsAsync(resident);

        await nurse.Locator("#Outcome").FillAsync("Ohjeistettu kotihoitoon, uusi yhteys tarvittaessa.");
        await Navigation.ClickAsync(nurse, nurse.Locator("main form button[type='submit']"));
        Assert.Contains("/desk/waiting-room?unit=hs-638", nurse.Url, StringComparison.Ordinal);
        await Assertions.Expect(nurse.Locator("main .notice[role='status']")).ToContainTextAsync("Käynti päätettiin.");
        await Assertions.Expect(resident.Locator("#room-state")).ToHaveTextAsync("Käynti on päättynyt.");

        await using var scope = server.Services.CreateAsyncScope();
        var stored = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Appointment>().AsNoTracking().SingleAsync(a => a.Id == appointment.Id);
        Assert.Equal(AppointmentStatus.Completed, stored.Status);
        Assert.Equal("Ohjeistettu kotihoitoon, uusi yhteys tarvittaessa.", stored.Outcome);
    }

    /// <summary>Books Maija a video appointment in a slot of its own (the demo schedules have none at an arbitrary time).</summary>
    private async Task<Appointment> BookVideoAsync(TimeSpan startsIn)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<PolkuDb>();
        var unit = (await sp.GetRequiredService<IUnitDirectory>().FindByCodeAsync("hs-638"))!;
        var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var start = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc) + startsIn;
        var schedule = new Schedule
        {
            Id = Guid.NewGuid(), UnitId = unit.Id, UnitCode = unit.Code, ServiceCode = "health-station", Mode = AppointmentMode.Video,
            Pattern = "", SlotMinutes = 15, Capacity = 1, Active = false, CreatedUtc = now, UpdatedUtc = now,
        };
        var slot = new Slot
        {
            Id = Guid.NewGuid(), ScheduleId = schedule.Id, UnitId = unit.Id, ServiceCode = "health-station", Mode = AppointmentMode.Video,
            StartUtc = start, EndUtc = start.AddMinutes(15), ClosesUtc = start.AddMinutes(-30), Capacity = 1,
        };
        db.AddRange(schedule, slot);
        await db.SaveChangesAsync();
        var people = sp.GetRequiredService<IPeopleDirectory>();
        var maija = await people.FindResidentByIdentityCodeAsync(PersonalIdentityCode.Create(new DateOnly(1980, 5, 14), 902));
        var nurse = await people.FindStaffByLoginAsync(SignIn.Nurse);
        var result = await sp.GetRequiredService<BookingService>().BookAsync(
            new BookingRequest(slot.Id, maija!.Id, Actor.Professional(nurse!.Id), "on-behalf", OverrideReason: "browser test"), default);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return result.Value!;
    }
}
