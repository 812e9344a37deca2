using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Region.Data;

namespace Polku.Region.Directory;

/// <summary>Builds <see cref="OpeningHours"/> of a unit from its stored weekly periods and exceptions.</summary>
internal static class OpeningHoursReader
{
    /// <summary>The opening hours of the unit with the code, or null when there is no such unit.</summary>
    public static async Task<OpeningHours?> ForUnitAsync(PolkuDb db, string unitCode, CancellationToken ct)
    {
        var unit = await db.Set<Unit>().AsNoTracking().FirstOrDefaultAsync(u => u.Code == unitCode, ct);
        if (unit is null)
        {
            return null;
        }

        var periods = await db.Set<OpeningPeriodRow>().AsNoTracking()
            .Where(p => p.OwnerKind == HoursOwner.Unit && p.OwnerId == unit.Id).ToListAsync(ct);
        var exceptions = await db.Set<OpeningExceptionRow>().AsNoTracking()
            .Where(e => e.OwnerKind == HoursOwner.Unit && e.OwnerId == unit.Id).ToListAsync(ct);
        return Build(unit, periods, exceptions);
    }

    /// <summary>
    /// The opening hours from rows. Rows that could not have been saved through the admin pages (an invalid period,
    /// an exception with only one time, a second exception on the same date) are left out rather than failing the
    /// whole unit: a resident still sees the rest of the hours.
    /// </summary>
    public static OpeningHours Build(Unit unit, IEnumerable<OpeningPeriodRow> periods, IEnumerable<OpeningExceptionRow> exceptions)
    {
        var weekly = periods
            .Where(p => p.Weekday is >= 0 and <= 6)
            .Select(p => new OpeningPeriod((DayOfWeek)p.Weekday, p.Opens, p.Closes))
            .Where(p => p.Problem() is null)
            .OrderBy(p => ((int)p.Day + 6) % 7).ThenBy(p => p.Open)
            .ToList();

        var byDate = new Dictionary<DateOnly, OpeningException>();
        foreach (var row in exceptions.OrderBy(e => e.Date).ThenBy(e => e.Id))
        {
            var exception = ToException(row);
            if (exception is not null && exception.Problem() is null)
            {
                byDate.TryAdd(row.Date, exception);
            }
        }

        return new OpeningHours(weekly, [.. byDate.Values], closedOnNonWorkingDays: !unit.OpenOnHolidays);
    }

    private static OpeningException? ToException(OpeningExceptionRow row)
    {
        if (row.Closed)
        {
            return new OpeningException(row.Date, [], row.Note);
        }

        return row is { Opens: { } open, Closes: { } close } ? new OpeningException(row.Date, [(open, close)], row.Note) : null;
    }
}
