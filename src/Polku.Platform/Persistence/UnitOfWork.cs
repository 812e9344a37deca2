using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Polku.Platform.Audit;
using Polku.Platform.Live;
using Polku.Platform.Results;

namespace Polku.Platform.Persistence;

/// <summary>
/// The one way a change is written (ADR 0009). A unit runs its work inside the database's execution strategy and one
/// transaction; before the commit it adds the audit rows of the residents the work touched, so the change, its audit
/// rows, its service events (<c>ServiceJournal</c>) and its notifications (<c>Outbox</c>) commit together or not at
/// all. Live events the work announces with <see cref="Publish(LiveEvent)"/> leave only with the commit: on
/// PostgreSQL as <c>pg_notify</c> in the same transaction (the database delivers them at commit and drops them on
/// rollback), otherwise to the local hub right after the commit. A rolled-back unit announces nothing.
/// </summary>
/// <remarks>
/// <para>Re-entrant: a unit started inside another (a cross-module call such as <c>IWorkInbox.SubmitAsync</c> from
/// an assessment) joins it — nothing commits or is announced before the outermost unit commits. A joined unit that
/// fails is undone back to a savepoint, with its live events, so its caller may carry on with the failure.</para>
/// <para>The work may run more than once: the execution strategy retries the whole unit on a transient failure
/// (SQLite busy, a dropped PostgreSQL connection), with a cleared change tracker. Work must therefore read what it
/// decides on inside the unit and keep no side effects outside the database except through <see cref="Publish(LiveEvent)"/>.</para>
/// <para>A <see cref="Result{T}"/> that is a failure rolls the unit back; other work commits unless it throws.</para>
/// </remarks>
public sealed class UnitOfWork(PolkuDb db, AuditWriter audit, ILiveNotifier live)
{
    private readonly List<LiveEvent> _events = [];
    private readonly List<Action> _afterCommit = [];
    private int _depth;

    /// <summary>Whether a unit is running in this scope (work joins it).</summary>
    public bool IsActive => _depth > 0;

    /// <summary>Announces a change to an audience once the unit commits. Only inside a unit.</summary>
    public void Publish(LiveEvent liveEvent)
    {
        ArgumentNullException.ThrowIfNull(liveEvent);
        if (_depth == 0)
        {
            throw new InvalidOperationException("Live events are published by a unit of work: call Publish inside UnitOfWork.RunAsync.");
        }

        liveEvent.Validate();
        _events.Add(liveEvent);
    }

    /// <inheritdoc cref="Publish(LiveEvent)"/>
    public void Publish(string audience, string type, Guid id) => Publish(new LiveEvent(audience, type, id.ToString("D")));

    /// <summary>Runs an in-memory action of this node once the unit commits (dropping a cache entry); never on rollback.</summary>
    public void AfterCommit(Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (_depth == 0)
        {
            throw new InvalidOperationException("AfterCommit belongs inside UnitOfWork.RunAsync.");
        }

        _afterCommit.Add(action);
    }

    /// <summary>Runs the work in a unit; a failed result rolls it back.</summary>
    public Task<Result<T>> RunAsync<T>(Func<CancellationToken, Task<Result<T>>> work, CancellationToken cancellationToken) =>
        RunAsync(work, static r => r.IsSuccess, cancellationToken);

    /// <summary>Runs the work in a unit that commits unless the work throws.</summary>
    public Task RunAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken) =>
        RunAsync(async ct =>
        {
            await work(ct);
            return true;
        }, static _ => true, cancellationToken);

    /// <summary>Runs the work in a unit that commits when <paramref name="commitWhen"/> says so for its outcome.</summary>
    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, Func<T, bool> commitWhen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(commitWhen);
        if (_depth > 0)
        {
            return await JoinAsync(work, commitWhen, cancellationToken);
        }

        var attempt = 0;
        var (outcome, committed) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            if (attempt++ > 0)
            {
                // What the failed attempt tracked is not in the database; the work reads afresh.
                db.ChangeTracker.Clear();
            }

            _events.Clear();
            _afterCommit.Clear();
            _depth = 1;
            IReadOnlyList<(Guid, Audit.AuditAccess?, string?)> auditTaken = [];
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var result = await work(ct);
                if (!commitWhen(result))
                {
                    await transaction.RollbackAsync(ct);
                    Discard();
                    return (result, false);
                }

                auditTaken = audit.TakePending(db);
                // A failure of this last save fails the whole unit, so EF's automatic SAVEPOINT / RELEASE around it
                // would be two round trips for nothing.
                var savepoints = db.Database.AutoSavepointsEnabled;
                db.Database.AutoSavepointsEnabled = false;
                try
                {
                    await db.SaveChangesAsync(ct);
                }
                finally
                {
                    db.Database.AutoSavepointsEnabled = savepoints;
                }

                if (_events.Count > 0 && live is ITransactionalLiveNotifier inTransaction && inTransaction.CanJoin(db))
                {
                    await inTransaction.PublishInTransactionAsync(db, _events, ct);
                    _events.Clear();
                }

                await transaction.CommitAsync(ct);
                return (result, true);
            }
            catch
            {
                // The attempted change is still audited: the middleware writes what the failed commit took.
                audit.Restore(auditTaken);
                Discard();
                throw;
            }
            finally
            {
                _depth = 0;
            }
        }, cancellationToken);

        if (committed && _afterCommit.Count > 0)
        {
            var actions = _afterCommit.ToArray();
            _afterCommit.Clear();
            foreach (var action in actions)
            {
                action();
            }
        }

        if (committed && _events.Count > 0)
        {
            var events = _events.ToArray();
            _events.Clear();
            foreach (var liveEvent in events)
            {
                // The change has committed: the request's cancellation must not lose its announcement.
                await live.PublishAsync(liveEvent, CancellationToken.None);
            }
        }

        return outcome;
    }

    private async Task<T> JoinAsync<T>(Func<CancellationToken, Task<T>> work, Func<T, bool> commitWhen, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction
            ?? throw new InvalidOperationException("A unit of work is running without its transaction.");
        // The caller's pending changes go first, so undoing this part cannot take them with it.
        await db.SaveChangesAsync(ct);
        var savepoint = "polku_unit_" + _depth;
        await transaction.CreateSavepointAsync(savepoint, ct);
        var eventsBefore = _events.Count;
        var actionsBefore = _afterCommit.Count;
        _depth++;
        try
        {
            var result = await work(ct);
            if (commitWhen(result))
            {
                await transaction.ReleaseSavepointAsync(savepoint, ct);
                return result;
            }

            await transaction.RollbackToSavepointAsync(savepoint, ct);
            foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State is not (EntityState.Unchanged or EntityState.Detached)).ToList())
            {
                entry.State = EntityState.Detached;
            }

            _events.RemoveRange(eventsBefore, _events.Count - eventsBefore);
            _afterCommit.RemoveRange(actionsBefore, _afterCommit.Count - actionsBefore);
            return result;
        }
        finally
        {
            _depth--;
        }
    }

    private void Discard()
    {
        _events.Clear();
        _afterCommit.Clear();
        db.ChangeTracker.Clear();
    }
}

/// <summary>
/// A live notifier that can send its events inside the unit's own transaction, so the database delivers them exactly
/// when the change commits (PostgreSQL <c>pg_notify</c>).
/// </summary>
public interface ITransactionalLiveNotifier
{
    bool CanJoin(PolkuDb db);

    Task PublishInTransactionAsync(PolkuDb db, IReadOnlyList<LiveEvent> events, CancellationToken cancellationToken);
}
