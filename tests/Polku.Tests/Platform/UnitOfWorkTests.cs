using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Contracts;
using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Platform.Audit;
using Polku.Platform.Journal;
using Polku.Platform.Live;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>
/// The platform's unit of work: a change, its audit rows, journal and outbox rows commit together; live events leave
/// only with the commit; a cross-module call joins its caller's unit; a failed unit leaves nothing behind.
/// </summary>
public sealed class UnitOfWorkTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    private static readonly DateTimeOffset Tuesday = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_cross_module_call_inside_a_failing_unit_publishes_nothing_and_writes_nothing(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Tuesday) };
        var (_, residentId) = await Polku.Tests.Appointments.DeskTests.TaskAsync(app);
        var queueId = await QueueIdAsync(app, "hs-638");
        await ListeningAsync(app);
        using var subscription = app.Services.GetRequiredService<LiveHub>().Subscribe([LiveAudiences.Queue(queueId), LiveAudiences.Person(residentId)]);

        var failedSource = Guid.NewGuid();
        Guid? failedTask = null;
        using (var scope = app.Services.CreateScope())
        {
            var unit = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            var inbox = scope.ServiceProvider.GetRequiredService<IWorkInbox>();
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            var journal = scope.ServiceProvider.GetRequiredService<ServiceJournal>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditScope>();
            var result = await unit.RunAsync(async ct =>
            {
                // The desk's contract joins this unit: its case, task, history and live event wait for this commit.
                var receipt = await inbox.SubmitAsync(Work(residentId, failedSource), ct);
                Assert.True(receipt.IsSuccess);
                failedTask = receipt.Value!.TaskId;
                outbox.EnqueueSms("+358401234567", "Ei lähde", "uow-test:" + failedSource);
                journal.Record("channel.followed", "test", digital: true, residentId, detail: "uow-test:" + failedSource);
                audit.Touch(residentId, AuditAccess.Change, "uow.test");
                unit.Publish(LiveAudiences.Person(residentId), "message.new", failedSource);
                return Result<int>.Fail(Error.Conflict("test.rolled_back"));
            }, CancellationToken.None);
            Assert.Equal("test.rolled_back", result.Error?.Code);
            // What the failed unit touched is still to be audited (an attempted change), by the request's end.
            Assert.True(audit.HasPending);
        }

        // A unit that throws is rolled back the same way.
        var thrownSource = Guid.NewGuid();
        using (var scope = app.Services.CreateScope())
        {
            var unit = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            var inbox = scope.ServiceProvider.GetRequiredService<IWorkInbox>();
            await Assert.ThrowsAsync<InvalidOperationException>(() => unit.RunAsync(async ct =>
            {
                Assert.True((await inbox.SubmitAsync(Work(residentId, thrownSource), ct)).IsSuccess);
                throw new InvalidOperationException("boom");
            }, CancellationToken.None));
        }

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            Assert.False(await db.Set<WorkTask>().AnyAsync(t => t.SourceId == failedSource || t.SourceId == thrownSource || t.Id == failedTask));
            Assert.False(await db.Set<OutboxMessage>().AnyAsync(m => m.DedupeKey == "uow-test:" + failedSource));
            Assert.False(await db.ServiceEvents.AnyAsync(e => e.Detail == "uow-test:" + failedSource));
            Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == "uow.test"));
        }

        // A committed unit does announce, after its commit: the first event to arrive is the committed one's, so
        // nothing of the two rolled-back units went out before it (PostgreSQL delivers notifications in commit order).
        var committedSource = Guid.NewGuid();
        InboundWorkReceipt committed;
        using (var scope = app.Services.CreateScope())
        {
            var unit = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            var inbox = scope.ServiceProvider.GetRequiredService<IWorkInbox>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditScope>();
            var result = await unit.RunAsync(async ct =>
            {
                audit.Touch(residentId, AuditAccess.Change, "uow.test");
                return await inbox.SubmitAsync(Work(residentId, committedSource), ct);
            }, CancellationToken.None);
            committed = result.Value!;
            Assert.False(audit.HasPending);
        }

        var first = await FirstEventAsync(subscription);
        Assert.Equal(("task.created", committed.TaskId.ToString("D")), (first.Event.Type, first.Event.Id));
        Assert.False(subscription.Reader.TryRead(out var more), $"unexpected {more?.Event}");

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            Assert.True(await db.Set<WorkTask>().AnyAsync(t => t.Id == committed.TaskId));
            // The audit row committed with the change, written for the system (no request).
            var entry = await db.AuditEntries.SingleAsync(e => e.Action == "uow.test");
            Assert.Equal((residentId, "change", "system"), (entry.SubjectPersonId, entry.Access, entry.ActorRole));
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_joined_unit_that_fails_is_undone_to_its_savepoint_and_its_caller_commits(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Tuesday) };
        var queueId = await QueueIdAsync(app, "hs-638");
        await ListeningAsync(app);
        using var subscription = app.Services.GetRequiredService<LiveHub>().Subscribe([LiveAudiences.Queue(queueId)]);
        var outer = Guid.NewGuid();
        var inner = Guid.NewGuid();
        using (var scope = app.Services.CreateScope())
        {
            var unit = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
            var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
            var journal = scope.ServiceProvider.GetRequiredService<ServiceJournal>();
            await unit.RunAsync(async ct =>
            {
                journal.Record("channel.followed", "test", digital: true, detail: "uow-outer:" + outer);
                unit.Publish(LiveAudiences.Queue(queueId), "task.changed", outer);
                var joined = await unit.RunAsync(_ =>
                {
                    Assert.True(unit.IsActive);
                    outbox.EnqueueSms("+358401234567", "Ei lähde", "uow-inner:" + inner);
                    journal.Record("channel.followed", "test", digital: true, detail: "uow-inner:" + inner);
                    unit.Publish(LiveAudiences.Queue(queueId), "task.changed", inner);
                    return Task.FromResult(Result<int>.Fail(Error.Validation("test.inner", "x")));
                }, ct);
                Assert.False(joined.IsSuccess);
            }, CancellationToken.None);
            Assert.False(unit.IsActive);
        }

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            Assert.True(await db.ServiceEvents.AnyAsync(e => e.Detail == "uow-outer:" + outer));
            Assert.False(await db.ServiceEvents.AnyAsync(e => e.Detail == "uow-inner:" + inner));
            Assert.False(await db.Set<OutboxMessage>().AnyAsync(m => m.DedupeKey == "uow-inner:" + inner));
        }

        var first = await FirstEventAsync(subscription);
        Assert.Equal(outer.ToString("D"), first.Event.Id);
        await Task.Delay(200);
        Assert.False(subscription.Reader.TryRead(out var more), $"unexpected {more?.Event}");
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_commit_that_fails_leaves_the_attempted_access_to_be_audited(string engine)
    {
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(Tuesday) };
        using var scope = app.Services.CreateScope();
        var unit = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
        var audit = scope.ServiceProvider.GetRequiredService<AuditScope>();
        var subject = Guid.NewGuid();
        // The same notification twice breaks the outbox's unique index: the unit's last save fails.
        await Assert.ThrowsAsync<DbUpdateException>(() => unit.RunAsync(_ =>
        {
            audit.Touch(subject, AuditAccess.Change, "uow.test");
            outbox.EnqueueSms("+358401234567", "Kahdesti", "uow-twice");
            outbox.EnqueueSms("+358401234567", "Kahdesti", "uow-twice");
            return Task.CompletedTask;
        }, CancellationToken.None));
        Assert.True(audit.HasPending);
        Assert.False(unit.IsActive);
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        Assert.False(await db.Set<OutboxMessage>().AnyAsync(m => m.DedupeKey == "uow-twice"));
    }

    [Fact]
    public async Task Publishing_outside_a_unit_is_refused()
    {
        await using var app = new PolkuAppFactory { Time = new ManualTimeProvider(Tuesday) };
        using var scope = app.Services.CreateScope();
        var unit = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
        Assert.Throws<InvalidOperationException>(() => unit.Publish(LiveAudiences.Queue(Guid.NewGuid()), "task.changed", Guid.NewGuid()));
    }

    private static InboundWork Work(Guid residentId, Guid sourceId) =>
        new(residentId, "hs-638", "invitation-to-book", Urgency.P4, "Yksikkötesti", sourceId, "638", "health-station");

    private static async Task<Guid> QueueIdAsync(PolkuAppFactory app, string code)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        return await db.Set<WorkQueue>().Where(q => q.Code == code).Select(q => q.Id).SingleAsync();
    }

    /// <summary>On PostgreSQL events come back through LISTEN: wait until this node listens.</summary>
    private static async Task ListeningAsync(PolkuAppFactory app)
    {
        if (app.Services.GetService<PostgresLiveListener>() is { } listener)
        {
            await listener.Listening.WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    private static async Task<LiveDelivery> FirstEventAsync(LiveSubscription subscription)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        return await subscription.Reader.ReadAsync(timeout.Token);
    }
}
