using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Appointments.Notifications;
using Polku.Platform.Live;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Appointments;

/// <summary>
/// Appointment changes announce themselves through the unit of work: a change whose unit rolls back (a failed result
/// or an exception in the unit it joined) announces nothing to the resident or the unit's desk, and writes nothing.
/// </summary>
public sealed class AppointmentEventsTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private static readonly DateTimeOffset Tuesday = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task An_appointment_change_that_rolls_back_announces_nothing(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Tuesday) };
        var residentId = await InteropTestData.ResidentIdAsync(app, InteropTestData.Maija);
        var slots = await AppointmentTestData.SlotsAsync(app, [Tuesday.AddDays(7).AddHours(2), Tuesday.AddDays(8).AddHours(2)]);
        var unitId = (await AppointmentTestData.SlotAsync(app, slots[0])).UnitId;

        await ListeningAsync(app);
        using var subscription = app.Services.GetRequiredService<LiveHub>().Subscribe(
            [AppointmentEvents.UnitAudience(unitId), LiveAudiences.Person(residentId)]);

        // A hold announces nothing by itself (only the slot picker cares); a booking is announced to both audiences.
        Guid holdId;
        using (var scope = app.Services.CreateScope())
        {
            var booking = scope.ServiceProvider.GetRequiredService<BookingService>();
            holdId = (await booking.HoldAsync(new BookingRequest(slots[0], residentId, new Actor(ActorKind.Resident, residentId), "self-booking"), default)).Value!.Id;
        }

        var bookedId = (await DeskTests.BookAsync(app, residentId, slots[1])).Id;
        foreach (var delivery in new[] { await NextAsync(subscription), await NextAsync(subscription) })
        {
            Assert.Equal(("appointment.booked", bookedId.ToString("D")), (delivery.Event.Type, delivery.Event.Id));
        }

        // A confirmation that joins a unit which then fails: its history, journal row, notices and live events go.
        using (var scope = app.Services.CreateScope())
        {
            var unit = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            var booking = scope.ServiceProvider.GetRequiredService<BookingService>();
            var result = await unit.RunAsync(async ct =>
            {
                var confirmed = await booking.ConfirmAsync(holdId, residentId, ct);
                Assert.Equal(AppointmentStatus.Booked, confirmed.Value?.Status);
                return Result<int>.Fail(Error.Conflict("test.rolled_back"));
            }, CancellationToken.None);
            Assert.Equal("test.rolled_back", result.Error?.Code);
        }

        // A cancellation inside a unit that throws.
        using (var scope = app.Services.CreateScope())
        {
            var unit = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            var booking = scope.ServiceProvider.GetRequiredService<BookingService>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => unit.RunAsync(async ct =>
            {
                Assert.True((await booking.CancelAsync(bookedId, Actor.System, "test", ct)).IsSuccess);
                throw new InvalidOperationException("boom");
            }, CancellationToken.None));
        }

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            Assert.Equal(AppointmentStatus.Held, (await db.Set<Appointment>().AsNoTracking().SingleAsync(a => a.Id == holdId)).Status);
            Assert.Equal(AppointmentStatus.Booked, (await db.Set<Appointment>().AsNoTracking().SingleAsync(a => a.Id == bookedId)).Status);
            Assert.False(await db.Set<AppointmentChange>().AnyAsync(c => c.AppointmentId == bookedId && c.Kind == "cancelled"));
            var confirmedKey = AppointmentNotices.DedupeKey(holdId, "confirmed");
            var cancelledKey = AppointmentNotices.DedupeKey(bookedId, "cancelled");
            Assert.False(await db.Set<OutboxMessage>().AnyAsync(m => m.DedupeKey == confirmedKey || m.DedupeKey == cancelledKey));
            Assert.Equal(1, (await AppointmentTestData.SlotAsync(app, slots[1])).Taken);
        }

        // A change that commits is announced, to the resident and to the unit's desk — and it is the first thing to
        // arrive, so nothing of the two rolled-back changes went out before it (PostgreSQL delivers in commit order).
        using (var scope = app.Services.CreateScope())
        {
            var booking = scope.ServiceProvider.GetRequiredService<BookingService>();
            Assert.True((await booking.CancelAsync(holdId, Actor.System, "test", default)).IsSuccess);
        }

        var first = await NextAsync(subscription);
        var second = await NextAsync(subscription);
        Assert.Equal(("appointment.cancelled", holdId.ToString("D")), (first.Event.Type, first.Event.Id));
        Assert.Equal(("appointment.cancelled", holdId.ToString("D")), (second.Event.Type, second.Event.Id));
        Assert.Equal(
            new[] { AppointmentEvents.UnitAudience(unitId), LiveAudiences.Person(residentId) }.Order(StringComparer.Ordinal),
            new[] { first.Event.Audience, second.Event.Audience }.Order(StringComparer.Ordinal));
        await Task.Delay(200);
        Assert.False(subscription.Reader.TryRead(out var more), $"unexpected {more?.Event}");
    }

    /// <summary>On PostgreSQL events come back through LISTEN: wait until this node listens.</summary>
    private static async Task ListeningAsync(PolkuAppFactory app)
    {
        if (app.Services.GetService<PostgresLiveListener>() is { } listener)
        {
            await listener.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static async Task<LiveDelivery> NextAsync(LiveSubscription subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await subscription.Reader.ReadAsync(timeout.Token);
    }
}
