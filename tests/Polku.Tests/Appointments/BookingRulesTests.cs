using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Booking;
using Polku.Appointments.Data;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Appointments;

/// <summary>
/// The booking rules on both engines: the database decides races for a slot (two tabs, many residents, group
/// capacity), confirms and API keys are idempotent, holds expire by themselves, cancelling needs notice and records who.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class BookingRulesTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private static readonly DateTimeOffset Now = DateTimeOffset.Parse(SlotApiTests.Tuesday10, CultureInfo.InvariantCulture);

    private static async Task<Result> InScopeAsync<Result>(PolkuAppFactory app, Func<BookingService, Task<Result>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<BookingService>());
    }

    private static BookingRequest Request(Guid slot, Guid resident, string? key = null) =>
        new(slot, resident, new Actor(ActorKind.Resident, resident), "self-booking",
            key is null ? null : Polku.Platform.Idempotency.IdempotencyKey.For(resident, key, "appointments.book", slot.ToString("N")).Value);

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Many_residents_racing_for_one_slot_give_exactly_one_appointment(string engine)
    {
        await using var app = SlotApiTests.At(engine, SlotApiTests.Tuesday10);
        var slot = (await AppointmentTestData.SlotsAsync(app, [Now.AddDays(2)]))[0];
        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => InScopeAsync(app, b => b.BookAsync(Request(slot, Guid.NewGuid()), default))));

        Assert.Single(results, r => r.IsSuccess);
        Assert.All(results.Where(r => !r.IsSuccess), r => Assert.Equal("booking.slot_taken", r.Error!.Code));
        Assert.Equal(1, (await AppointmentTestData.SlotAsync(app, slot)).Taken);
        Assert.Single(await AppointmentTestData.AppointmentsAsync(app, slot));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_group_session_takes_exactly_its_capacity(string engine)
    {
        await using var app = SlotApiTests.At(engine, SlotApiTests.Tuesday10);
        var slot = (await AppointmentTestData.SlotsAsync(app, [Now.AddDays(2)], capacity: 3))[0];
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => InScopeAsync(app, b => b.HoldAsync(Request(slot, Guid.NewGuid()), default))));

        Assert.Equal(3, results.Count(r => r.IsSuccess));
        Assert.Equal(3, (await AppointmentTestData.SlotAsync(app, slot)).Taken);
        Assert.Equal(3, (await AppointmentTestData.AppointmentsAsync(app, slot)).Count);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task The_same_idempotency_key_at_once_or_again_gives_one_appointment_and_another_slot_with_it_is_refused(string engine)
    {
        await using var app = SlotApiTests.At(engine, SlotApiTests.Tuesday10);
        var slots = await AppointmentTestData.SlotsAsync(app, [Now.AddDays(2), Now.AddDays(3)]);
        var resident = Guid.NewGuid();
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => InScopeAsync(app, b => b.BookAsync(Request(slots[0], resident, "key-1"), default))));
        Assert.All(results, r => Assert.True(r.IsSuccess, r.Error?.Code));
        Assert.Single(results.Select(r => r.Value!.Id).Distinct());

        // The same request later answers with the first appointment; the same key for another slot is refused.
        var again = await InScopeAsync(app, b => b.BookAsync(Request(slots[0], resident, "key-1"), default));
        Assert.Equal(results[0].Value!.Id, again.Value!.Id);
        var otherSlot = await InScopeAsync(app, b => b.BookAsync(Request(slots[1], resident, "key-1"), default));
        Assert.Equal(Polku.Platform.Idempotency.IdempotencyKey.ReusedCode, otherSlot.Error?.Code);
        Assert.Equal(422, otherSlot.Error?.Status);
        Assert.Equal(1, (await AppointmentTestData.SlotAsync(app, slots[0])).Taken);
        Assert.Equal(0, (await AppointmentTestData.SlotAsync(app, slots[1])).Taken);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_hold_blocks_others_until_it_expires_and_then_the_late_confirm_is_refused(string engine)
    {
        var clock = new ManualTimeProvider(Now);
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var slot = (await AppointmentTestData.SlotsAsync(app, [Now.AddDays(2)]))[0];
        var first = Guid.NewGuid();
        var hold = await InScopeAsync(app, b => b.HoldAsync(Request(slot, first), default));
        Assert.True(hold.IsSuccess);
        Assert.Equal("booking.slot_taken", (await InScopeAsync(app, b => b.HoldAsync(Request(slot, Guid.NewGuid()), default))).Error?.Code);

        // Confirming twice within the hold gives the same booked appointment.
        var confirmed = await InScopeAsync(app, b => b.ConfirmAsync(hold.Value!.Id, first, default));
        var twice = await InScopeAsync(app, b => b.ConfirmAsync(hold.Value!.Id, first, default));
        Assert.Equal(AppointmentStatus.Booked, confirmed.Value!.Status);
        Assert.Equal(confirmed.Value.Id, twice.Value!.Id);
        Assert.Equal(1, (await AppointmentTestData.SlotAsync(app, slot)).Taken);

        // A second slot: the hold runs out after five minutes and the next resident gets the slot.
        var other = (await AppointmentTestData.SlotsAsync(app, [Now.AddDays(3)]))[0];
        var late = await InScopeAsync(app, b => b.HoldAsync(Request(other, first), default));
        clock.Advance(BookingService.HoldFor + TimeSpan.FromSeconds(1));
        var second = Guid.NewGuid();
        var winner = await InScopeAsync(app, b => b.HoldAsync(Request(other, second), default));
        Assert.True(winner.IsSuccess, winner.Error?.Code);
        Assert.Equal("booking.hold_expired", (await InScopeAsync(app, b => b.ConfirmAsync(late.Value!.Id, first, default))).Error?.Code);
        Assert.Equal(1, (await AppointmentTestData.SlotAsync(app, other)).Taken);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Cancelling_needs_the_notice_for_residents_records_who_and_why_and_frees_the_slot(string engine)
    {
        var clock = new ManualTimeProvider(Now);
        await using var app = new PolkuAppFactory(engine) { Time = clock };
        var slots = await AppointmentTestData.SlotsAsync(app, [Now.AddHours(30), Now.AddHours(20)]);
        var resident = Guid.NewGuid();
        var early = (await InScopeAsync(app, b => b.BookAsync(Request(slots[0], resident), default))).Value!;
        var soon = (await InScopeAsync(app, b => b.BookAsync(Request(slots[1], resident), default))).Value!;
        var me = new Actor(ActorKind.Resident, resident);

        Assert.Equal("booking.reason_required", (await InScopeAsync(app, b => b.CancelAsync(early.Id, me, "  ", default))).Error?.Code);
        var cancelled = await InScopeAsync(app, b => b.CancelAsync(early.Id, me, "Feeling better", default));
        Assert.Equal(AppointmentStatus.Cancelled, cancelled.Value!.Status);
        Assert.Equal(ActorKind.Resident, cancelled.Value.CancelledByKind);
        Assert.Equal("Feeling better", cancelled.Value.CancelReason);
        Assert.Equal(0, (await AppointmentTestData.SlotAsync(app, slots[0])).Taken);
        Assert.Equal("booking.not_cancellable", (await InScopeAsync(app, b => b.CancelAsync(early.Id, me, "again", default))).Error?.Code);

        // Twenty hours ahead is inside the 24-hour notice: the resident cannot, a professional can.
        Assert.Equal("booking.too_late_to_cancel", (await InScopeAsync(app, b => b.CancelAsync(soon.Id, me, "Cannot come", default))).Error?.Code);
        Assert.Equal("booking.too_late_to_change", (await InScopeAsync(app, b => b.RescheduleAsync(soon.Id, slots[0], me, default))).Error?.Code);
        var staff = Actor.Professional(Guid.NewGuid());
        var byStaff = await InScopeAsync(app, b => b.CancelAsync(soon.Id, staff, "The nurse is ill", default));
        Assert.Equal(ActorKind.Professional, byStaff.Value!.CancelledByKind);
        Assert.Equal(0, (await AppointmentTestData.SlotAsync(app, slots[1])).Taken);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Rescheduling_takes_the_new_slot_first_and_a_taken_slot_leaves_the_appointment_as_it_was(string engine)
    {
        await using var app = SlotApiTests.At(engine, SlotApiTests.Tuesday10);
        var slots = await AppointmentTestData.SlotsAsync(app, [Now.AddDays(2), Now.AddDays(3), Now.AddDays(4)]);
        var resident = Guid.NewGuid();
        var me = new Actor(ActorKind.Resident, resident);
        var booked = (await InScopeAsync(app, b => b.BookAsync(Request(slots[0], resident), default))).Value!;
        Assert.True((await InScopeAsync(app, b => b.BookAsync(Request(slots[1], Guid.NewGuid()), default))).IsSuccess);

        Assert.Equal("booking.slot_taken", (await InScopeAsync(app, b => b.RescheduleAsync(booked.Id, slots[1], me, default))).Error?.Code);
        Assert.Equal(AppointmentStatus.Booked, (await AppointmentTestData.AppointmentsAsync(app, slots[0])).Single().Status);

        var moved = await InScopeAsync(app, b => b.RescheduleAsync(booked.Id, slots[2], me, default));
        Assert.True(moved.IsSuccess, moved.Error?.Code);
        Assert.Equal(booked.Id, moved.Value!.RescheduledFromId);
        Assert.Equal(0, (await AppointmentTestData.SlotAsync(app, slots[0])).Taken);
        Assert.Equal(1, (await AppointmentTestData.SlotAsync(app, slots[2])).Taken);
        Assert.Equal(AppointmentStatus.Cancelled, (await AppointmentTestData.AppointmentsAsync(app, slots[0])).Single().Status);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Without_a_booking_right_a_resident_cannot_book_and_a_professional_must_give_a_reason(string engine)
    {
        await using var app = SlotApiTests.At(engine, SlotApiTests.Tuesday10);
        var slots = await AppointmentTestData.SlotsAsync(app, [Now.AddDays(2), Now.AddDays(3)], openBooking: false);
        var resident = Guid.NewGuid();
        Assert.Equal("booking.no_right", (await InScopeAsync(app, b => b.BookAsync(Request(slots[0], resident), default))).Error?.Code);
        var staff = Actor.Professional(Guid.NewGuid());
        var noReason = new BookingRequest(slots[0], resident, staff, "on-behalf");
        Assert.Equal("booking.override_reason_required", (await InScopeAsync(app, b => b.BookAsync(noReason, default))).Error?.Code);
        var booked = await InScopeAsync(app, b => b.BookAsync(noReason with { OverrideReason = "Follow-up agreed at the visit" }, default));
        Assert.Equal("Follow-up agreed at the visit", booked.Value!.OverrideReason);
        Assert.Equal(ActorKind.Professional, booked.Value.BookedByKind);
    }
}
