using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Sla;

/// <summary>One cell of the matrix as the form carries it: the priority the editor saw and the one they chose.</summary>
internal sealed record MatrixCellEdit(string Impact, string Urgency, string? Seen, string? Chosen);

/// <summary>
/// The service manager's changes to the priority matrix (<c>sm_priority_matrix</c>, seed 002's impact × urgency table):
/// every changed cell is written with a conditional UPDATE on the priority the editor saw, so two managers editing at
/// once never overwrite each other unknowingly (the later one is told the table changed and nothing of theirs is
/// saved), and each change leaves a history row with who, when and why in the same unit of work. A change applies to
/// tickets opened or re-prioritised from then on; the tickets that exist keep the priority they have.
/// </summary>
/// <remarks>Error codes (fi/sv/en): <c>sm.admin.error.*</c>.</remarks>
internal sealed class PriorityMatrixEditor(PolkuDb db, UnitOfWork unit, TimeProvider time)
{
    public const int ReasonMax = 2000;
    public const int HistoryShown = 100;

    public const string ManagerOnly = "sm.admin.error.manager_only";
    public const string PriorityInvalid = "sm.admin.error.priority";
    public const string NoChange = "sm.admin.error.no_change";
    public const string ReasonRequired = "sm.admin.error.reason_required";
    public const string ReasonTooLong = "sm.admin.error.reason_too_long";
    public const string Changed = "sm.admin.error.matrix_changed";

    /// <summary>The form's input name of a cell (and of the priority seen, with <c>seen-</c> in front).</summary>
    public static string CellField(string impact, string urgency) => string.Create(CultureInfo.InvariantCulture, $"cell-{impact}-{urgency}");

    public static string SeenField(string impact, string urgency) => "seen-" + CellField(impact, urgency);

    /// <summary>The cells as stored: impact → urgency → priority (a missing cell is absent).</summary>
    public async Task<IReadOnlyDictionary<(string Impact, string Urgency), string>> CellsAsync(CancellationToken ct) =>
        (await db.Set<PriorityCell>().AsNoTracking().ToListAsync(ct)).ToDictionary(c => (c.Impact, c.Urgency), c => c.Priority);

    /// <summary>The latest changes, newest first.</summary>
    public async Task<IReadOnlyList<PriorityMatrixChange>> HistoryAsync(CancellationToken ct) =>
        await db.Set<PriorityMatrixChange>().AsNoTracking().OrderByDescending(c => c.ChangedUtc).ThenBy(c => c.Impact).ThenBy(c => c.Urgency)
            .Take(HistoryShown).ToListAsync(ct);

    /// <summary>Saves the cells whose chosen priority differs from the one seen; returns how many changed.</summary>
    public Task<Result<int>> ChangeAsync(IReadOnlyList<MatrixCellEdit> cells, string? reason, TicketActor actor, CancellationToken ct) => unit.RunAsync(async c =>
    {
        if (!actor.IsServiceManager)
        {
            return Error.Forbidden(ManagerOnly);
        }

        var known = cells.Where(e => Impacts.All.Contains(e.Impact, StringComparer.Ordinal) && Urgencies.All.Contains(e.Urgency, StringComparer.Ordinal)).ToList();
        if (known.FirstOrDefault(e => !Priorities.All.Contains(e.Chosen ?? "", StringComparer.Ordinal)) is { } bad)
        {
            return Error.Validation(PriorityInvalid, CellField(bad.Impact, bad.Urgency));
        }

        var changed = known.Where(e => e.Chosen != e.Seen).DistinctBy(e => (e.Impact, e.Urgency)).ToList();
        if (changed.Count == 0)
        {
            return Error.Validation(NoChange, "cells");
        }

        var why = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (why is null)
        {
            return Error.Validation(ReasonRequired, "reason");
        }

        if (why.Length > ReasonMax)
        {
            return Error.Validation(ReasonTooLong, "reason");
        }

        var now = time.GetUtcNow().UtcDateTime;
        foreach (var cell in changed)
        {
            // The cell changes only if it still holds what the editor saw; otherwise the whole edit rolls back.
            var seen = cell.Seen ?? "";
            var chosen = cell.Chosen!;
            var rows = await db.Set<PriorityCell>()
                .Where(x => x.Impact == cell.Impact && x.Urgency == cell.Urgency && x.Priority == seen)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.Priority, chosen), c);
            if (rows == 0)
            {
                return Error.Conflict(Changed);
            }

            db.Set<PriorityMatrixChange>().Add(new PriorityMatrixChange
            {
                Id = Guid.NewGuid(), Impact = cell.Impact, Urgency = cell.Urgency, OldPriority = seen, NewPriority = chosen, Reason = why,
                ChangedBy = actor.StaffId, ChangedByName = actor.Name.Length > 200 ? actor.Name[..200] : actor.Name, ChangedUtc = now,
            });
        }

        return Result<int>.Ok(changed.Count);
    }, ct);
}
