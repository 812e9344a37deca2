using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Training.Data;

namespace Polku.Training.Coordinator;

/// <summary>What the coordinator types for a room; a capacity of null means not known.</summary>
internal sealed record RoomDraft(string Name, string Address, int? Capacity, bool Active);

/// <summary>
/// Koulutustilat — the coordinator's rooms register. A group's place is filled from an active room (its name and
/// address); the group keeps that text, so deactivating or renaming a room changes no group.
/// </summary>
internal sealed class RoomRegister(PolkuDb db, UnitOfWork unit, TimeProvider time)
{
    /// <summary>Name and address together fit a group's place ("name, address").</summary>
    public const int MaxName = 100;
    public const int MaxAddress = 98;

    public const string NameRequired = "training.admin.forms.room_name_required";
    public const string NameTaken = "training.admin.forms.room_name_taken";
    public const string RoomNotFound = "training.admin.forms.room_not_found";

    public Task<List<TrainingRoom>> ListAsync(bool activeOnly, CancellationToken ct) =>
        db.Set<TrainingRoom>().AsNoTracking().Where(r => !activeOnly || r.Active).OrderBy(r => r.Name).ToListAsync(ct);

    public Task<TrainingRoom?> FindAsync(Guid id, CancellationToken ct) => db.Set<TrainingRoom>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);

    public static List<Error> Check(RoomDraft d)
    {
        var errors = new List<Error>();
        if (string.IsNullOrWhiteSpace(d.Name))
        {
            errors.Add(Error.Validation(NameRequired, "Name"));
        }
        else if (d.Name.Trim().Length > MaxName)
        {
            errors.Add(Error.Validation(CoordinatorErrors.TooLong, "Name"));
        }

        if (d.Address.Trim().Length > MaxAddress)
        {
            errors.Add(Error.Validation(CoordinatorErrors.TooLong, "Address"));
        }

        if (d.Capacity is < 1 or > ProgrammeAdministration.MaxCapacity)
        {
            errors.Add(Error.Validation(CoordinatorErrors.CapacityInvalid, "Capacity"));
        }

        return errors;
    }

    /// <summary>Adds a room (<paramref name="id"/> null) or saves one; a name is unique in the register.</summary>
    public async Task<Result<Guid>> SaveAsync(Guid? id, RoomDraft d, CancellationToken ct)
    {
        if (Check(d) is [var first, ..])
        {
            return first;
        }

        var name = d.Name.Trim();
        try
        {
            return await unit.RunAsync<Guid>(async c =>
            {
                if (await db.Set<TrainingRoom>().AnyAsync(r => r.Name == name && r.Id != id, c))
                {
                    return Error.Validation(NameTaken, "Name");
                }

                TrainingRoom room;
                if (id is { } existing)
                {
                    if (await db.Set<TrainingRoom>().FirstOrDefaultAsync(r => r.Id == existing, c) is not { } found)
                    {
                        return Error.NotFound(RoomNotFound);
                    }

                    room = found;
                }
                else
                {
                    room = new TrainingRoom { Id = Guid.CreateVersion7(time.GetUtcNow()), CreatedUtc = time.GetUtcNow().UtcDateTime };
                    db.Set<TrainingRoom>().Add(room);
                }

                room.Name = name;
                room.Address = d.Address.Trim();
                room.Capacity = d.Capacity;
                room.Active = d.Active;
                return room.Id;
            }, ct);
        }
        catch (DbUpdateException)
        {
            return Error.Validation(NameTaken, "Name");
        }
    }

    /// <summary>The room whose place text the group has, if any (the group's place stays the truth).</summary>
    public static TrainingRoom? Matching(IEnumerable<TrainingRoom> rooms, string? place) =>
        string.IsNullOrEmpty(place) ? null : rooms.FirstOrDefault(r => string.Equals(r.Place, place, StringComparison.Ordinal));
}
