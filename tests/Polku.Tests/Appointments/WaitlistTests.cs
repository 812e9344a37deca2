using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Waitlist;
using Polku.Identity.Data;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Appointments;

/// <summary>
/// Asking for an earlier time: a freed earlier slot of the same schedule is offered to the waitlist one resident at a
/// time, in order of joining, held for them; accepting moves the appointment into the held slot without taking it twice;
/// an offer that is not answered expires and the slot goes to the next in line.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class WaitlistTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_freed_earlier_slot_is_offered_held_and_accepting_moves_the_appointment_into_it(string engine)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse(SelfBookingPagesTests.Tuesday10, CultureInfo.InvariantCulture));
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var maija = app.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var (early, late) = await TwoSlotsAsync(app);
        var erikId = await PersonAsync(app, "Erik");
        var maijaId = await PersonAsync(app, "Maija");
        var erikAppointment = await BookAsync(app, early, erikId);
        var maijaAppointment = await BookAsync(app, late, maijaId);

        // Maija asks for an earlier time on her page.
        var page = SignIn.Html(await maija.GetStringAsync(new Uri("/me/appointments", UriKind.Relative)));
        var joined = await SelfBookingPagesTests.PostAsync(maija, "/me/appointments?handler=Waitlist", page, [new("appointmentId", maijaAppointment.ToString("D"))]);
        Assert.Equal("/me/appointments?done=waitlist_joined", joined.Headers.Location!.OriginalString);
        Assert.Equal(0, await RunAsync(app));

        // Erik cancels his earlier time: it is offered to Maija and held for her.
        clock.Advance(TimeSpan.FromMinutes(1));
        await CancelAsync(app, erikAppointment, erikId);
        Assert.Equal(1, await RunAsync(app));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            Assert.Equal(1, await db.Set<Slot>().Where(s => s.Id == early).Select(s => s.Taken).SingleAsync());
            var entry = await db.Set<WaitlistEntry>().AsNoTracking().SingleAsync(w => w.ResidentId == maijaId);
            Assert.Equal((WaitlistState.Offered, early), (entry.State, entry.OfferedSlotId));
            Assert.Equal(clock.GetUtcNow().UtcDateTime.AddMinutes(30), entry.OfferUntilUtc);
            Assert.Contains(await db.Set<OutboxMessage>().AsNoTracking().Select(m => m.Body).ToListAsync(), b => b.Contains("aiempi aika", StringComparison.Ordinal));
            Assert.Contains("appointment.waitlist.offered", await db.ServiceEvents.AsNoTracking().Select(e => e.Type).ToListAsync());
        }

        // The offer is on her page; she takes it.
        page = SignIn.Html(await maija.GetStringAsync(new Uri("/me/appointments", UriKind.Relative)));
        Assert.Contains("Aiempi aika vapautui", page, StringComparison.Ordinal);
        var accepted = await SelfBookingPagesTests.PostAsync(maija, "/me/appointments?handler=Accept", page, [new("entryId", maijaAppointment.ToString("D"))]);
        Assert.Equal("/me/appointments?done=offer_accepted", accepted.Headers.Location!.OriginalString);
        Assert.Equal(0, await RunAsync(app));

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var mine = await db.Set<Appointment>().AsNoTracking().Where(a => a.ResidentId == maijaId).ToListAsync();
            var booked = Assert.Single(mine, a => a.Status == AppointmentStatus.Booked);
            Assert.Equal((early, maijaAppointment), (booked.SlotId, booked.RescheduledFromId));
            Assert.Equal(AppointmentStatus.Cancelled, mine.Single(a => a.Id == maijaAppointment).Status);
            Assert.Equal(1, await db.Set<Slot>().Where(s => s.Id == early).Select(s => s.Taken).SingleAsync());
            Assert.Equal(0, await db.Set<Slot>().Where(s => s.Id == late).Select(s => s.Taken).SingleAsync());
            Assert.Equal(WaitlistState.Accepted, (await db.Set<WaitlistEntry>().AsNoTracking().SingleAsync(w => w.ResidentId == maijaId)).State);
            Assert.Contains("appointment.waitlist.accepted", await db.ServiceEvents.AsNoTracking().Select(e => e.Type).ToListAsync());
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_unanswered_offer_expires_and_the_slot_is_offered_to_the_next_in_line(string engine)
    {
        var clock = new ManualTimeProvider(DateTimeOffset.Parse(SelfBookingPagesTests.Tuesday10, CultureInfo.InvariantCulture));
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        _ = app.Services;
        var (early, late) = await TwoSlotsAsync(app);
        var later = await NextSlotAsync(app, late);
        var erikId = await PersonAsync(app, "Erik");
        var maijaId = await PersonAsync(app, "Maija");
        var villeId = await PersonAsync(app, "Ville");
        var erikAppointment = await BookAsync(app, early, erikId);
        var maijaAppointment = await BookAsync(app, late, maijaId);
        var villeAppointment = await BookAsync(app, later, villeId);
        using (var scope = app.Services.CreateScope())
        {
            var waitlist = scope.ServiceProvider.GetRequiredService<WaitlistService>();
            Assert.True((await waitlist.JoinAsync(maijaAppointment, maijaId, default)).IsSuccess);
            clock.Advance(TimeSpan.FromSeconds(10));
            Assert.True((await waitlist.JoinAsync(villeAppointment, villeId, default)).IsSuccess);
            Assert.True((await waitlist.JoinAsync(villeAppointment, villeId, default)).IsSuccess);
        }

        clock.Advance(TimeSpan.FromMinutes(1));
        await CancelAsync(app, erikAppointment, erikId);
        Assert.Equal(1, await RunAsync(app));
        Assert.Equal((WaitlistState.Offered, WaitlistState.Waiting), await StatesAsync(app, maijaId, villeId));

        // Maija lets the 30 minutes pass: her offer expires and Ville, next in line, gets the same slot.
        clock.Advance(TimeSpan.FromMinutes(31));
        await RunAsync(app);
        Assert.Equal((WaitlistState.Expired, WaitlistState.Offered), await StatesAsync(app, maijaId, villeId));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var ville = await db.Set<WaitlistEntry>().AsNoTracking().SingleAsync(w => w.ResidentId == villeId);
            Assert.Equal(early, ville.OfferedSlotId);
            Assert.Equal(1, await db.Set<Slot>().Where(s => s.Id == early).Select(s => s.Taken).SingleAsync());
            Assert.Equal(2, await db.Set<WaitlistOffer>().CountAsync());
            Assert.Equal(1, await db.Set<WaitlistEntry>().CountAsync(w => w.ResidentId == villeId));

            // Ville declines: he keeps his place in line and his own time; the slot is free again.
            var waitlist = scope.ServiceProvider.GetRequiredService<WaitlistService>();
            Assert.True((await waitlist.DeclineAsync(ville.Id, villeId, default)).IsSuccess);
            Assert.Equal(0, await db.Set<Slot>().Where(s => s.Id == early).Select(s => s.Taken).SingleAsync());
            Assert.Equal(AppointmentStatus.Booked, (await db.Set<Appointment>().AsNoTracking().SingleAsync(a => a.Id == villeAppointment)).Status);
        }

        // Nobody is offered the declined slot again: Maija's entry expired, Ville already had it.
        Assert.Equal(0, await RunAsync(app));
        Assert.Equal((WaitlistState.Expired, WaitlistState.Waiting), await StatesAsync(app, maijaId, villeId));
    }

    private static async Task<int> RunAsync(PolkuAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<BookingService>().ExpireHoldsAsync(null, default);
        return await scope.ServiceProvider.GetRequiredService<WaitlistService>().RunAsync(default);
    }

    private static async Task<(WaitlistState, WaitlistState)> StatesAsync(PolkuAppFactory app, Guid a, Guid b)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        return ((await db.Set<WaitlistEntry>().AsNoTracking().SingleAsync(w => w.ResidentId == a)).State,
            (await db.Set<WaitlistEntry>().AsNoTracking().SingleAsync(w => w.ResidentId == b)).State);
    }

    /// <summary>Two free oral-health slots of one Porvoo schedule, both more than a day ahead.</summary>
    private static async Task<(Guid Early, Guid Late)> TwoSlotsAsync(PolkuAppFactory app)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var from = DateTimeOffset.Parse(SelfBookingPagesTests.Tuesday10, CultureInfo.InvariantCulture).UtcDateTime.AddDays(2);
        var schedule = await db.Set<Schedule>().AsNoTracking().Where(s => s.ServiceCode == "oral-health" && s.UnitCode == "oh-638").Select(s => s.Id).FirstAsync();
        var slots = await db.Set<Slot>().AsNoTracking().Where(s => s.ScheduleId == schedule && s.StartUtc > from).OrderBy(s => s.StartUtc).Select(s => s.Id).Take(2).ToListAsync();
        return (slots[0], slots[1]);
    }

    private static async Task<Guid> NextSlotAsync(PolkuAppFactory app, Guid after)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var slot = await db.Set<Slot>().AsNoTracking().SingleAsync(s => s.Id == after);
        return await db.Set<Slot>().AsNoTracking().Where(s => s.ScheduleId == slot.ScheduleId && s.StartUtc > slot.StartUtc).OrderBy(s => s.StartUtc).Select(s => s.Id).FirstAsync();
    }

    private static async Task<Guid> PersonAsync(PolkuAppFactory app, string firstName)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<Person>().Where(p => p.FirstName == firstName).Select(p => p.Id).SingleAsync();
    }

    private static async Task<Guid> BookAsync(PolkuAppFactory app, Guid slot, Guid residentId)
    {
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<BookingService>()
            .BookAsync(new BookingRequest(slot, residentId, new Actor(ActorKind.Resident, residentId), "self-booking"), default);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return result.Value!.Id;
    }

    private static async Task CancelAsync(PolkuAppFactory app, Guid appointment, Guid residentId)
    {
        using var scope = app.Services.CreateScope();
        var result = await scope.ServiceProvider.GetRequiredService<BookingService>().CancelAsync(appointment, new Actor(ActorKind.Resident, residentId), "Ei sovi", default);
        Assert.True(result.IsSuccess, result.Error?.Code);
    }
}
