using System.Globalization;
using System.Numerics;
using Polku.Assessments.Contracts;

namespace Polku.Assessments.Domain.Routing;

internal sealed partial class RoutingTable
{
    private const int MinutesPerWeek = 7 * RoutingRow.MinutesPerDay;

    // Bit index = holiday * MinutesPerWeek + day * 1440 + minute, with day 0 = Monday: the first zero bit is the first gap
    // in reading order (ordinary days before holidays, Monday before Sunday, morning before evening).
    private const int MaskBits = 2 * MinutesPerWeek;
    private const int MaskWords = (MaskBits + 63) / 64;

    private static readonly DayOfWeek[] MondayFirst =
    [
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday,
    ];

    /// <summary>
    /// Checks the table before it is saved. Row checks: an id that is present and unique; no self-care
    /// (<see cref="Urgency.S"/>) rows; a window of whole minutes that does not cross midnight and is not
    /// empty; at least one weekday; an effective period whose end is after its start; a municipality of
    /// the county; instructions in Finnish, Swedish and English; the fields its destination kind needs;
    /// and P0 always routed to 112 — a safety rule: an emergency must never be offered a queue, a
    /// booking or anything slower than the emergency number.
    /// </summary>
    /// <remarks>
    /// <para>
    /// No holes: for every routed urgency (<see cref="UrgencyClasses.Routed"/>), every municipality in
    /// <paramref name="countyMunicipalities"/>, every effective period (the dates split at every row's
    /// effective from and to), holiday and ordinary days, and every minute of the week, at least one row
    /// must apply that is for any service (a request for any service code then finds it) and whose
    /// destination does not depend on capacity — Call112, EmergencyDepartment, Callback, WorkQueue, Phone or
    /// ExternalLink. Chat may be closed and self-booking may be full, so neither can be the only cover;
    /// they sit in front of such a row and fall through to it. Only the first gap is reported, in the order
    /// urgency, municipality, period, ordinary day before holiday, Monday to Sunday, minute.
    /// </para>
    /// <para>
    /// Every minute is checked: each row becomes a bit mask of the 2 × 10 080 (holiday or not) minutes of
    /// the week, and the masks of the rows covering one urgency, municipality and period are OR-ed.
    /// </para>
    /// </remarks>
    public IReadOnlyList<RoutingProblem> Validate(IReadOnlyCollection<string> countyMunicipalities)
    {
        var problems = new List<RoutingProblem>();
        var known = countyMunicipalities.ToHashSet(StringComparer.Ordinal);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var usable = new bool[_rows.Length];
        for (var i = 0; i < _rows.Length; i++)
        {
            usable[i] = CheckRow(_rows[i], i, known, ids, problems);
        }

        if (FirstGap(countyMunicipalities, usable) is { } gap)
        {
            problems.Add(new RoutingProblem(RoutingProblem.Gap, null, gap.Message) { GapDetail = gap.Detail });
        }

        return problems;
    }

    /// <summary>Adds the row's problems; returns whether the row's time definition is sound enough to count as cover.</summary>
    private static bool CheckRow(RoutingRow row, int index, HashSet<string> known, HashSet<string> ids, List<RoutingProblem> problems)
    {
        var id = string.IsNullOrWhiteSpace(row.Id) ? null : row.Id;
        void Add(string code, string message) => problems.Add(new RoutingProblem(code, id, message));

        if (id is null)
        {
            Add(RoutingProblem.MissingId, string.Create(CultureInfo.InvariantCulture, $"Row {index + 1} has no id."));
        }
        else if (!ids.Add(id))
        {
            Add(RoutingProblem.DuplicateId, $"The id '{id}' is used by more than one row.");
        }

        if (row.Urgency == Urgency.S)
        {
            Add(RoutingProblem.SelfCareRow, "Self-care (S) is never routed; remove the row.");
        }
        else if (!Enum.IsDefined(row.Urgency))
        {
            Add(RoutingProblem.SelfCareRow, "The urgency class is not one of P0, P1, P2, P3, P4, L2.");
        }

        var sound = true;
        if (WindowProblem(row) is { } window)
        {
            Add(RoutingProblem.InvalidWindow, window);
            sound = false;
        }

        if (row.Weekdays.Count == 0)
        {
            Add(RoutingProblem.NoWeekdays, "The row applies to no weekday.");
        }

        if (row.EffectiveFrom is { } from && row.EffectiveTo is { } to && to <= from)
        {
            Add(RoutingProblem.InvalidEffectivePeriod, string.Create(CultureInfo.InvariantCulture,
                $"The effective period ends ({to:yyyy-MM-dd}) on or before it starts ({from:yyyy-MM-dd})."));
            sound = false;
        }

        if (row.Municipality is { } municipality && !known.Contains(municipality))
        {
            Add(RoutingProblem.UnknownMunicipality, $"The municipality '{municipality}' is not one of the county's municipalities.");
        }

        var instructions = row.Destination.Instructions;
        var missing = new[] { ("fi", instructions?.Fi), ("sv", instructions?.Sv), ("en", instructions?.En) }
            .Where(t => string.IsNullOrWhiteSpace(t.Item2))
            .Select(t => t.Item1)
            .ToList();
        if (missing.Count > 0)
        {
            Add(RoutingProblem.MissingInstructions, $"The instructions are missing in: {string.Join(", ", missing)}.");
        }

        if (row.Urgency == Urgency.P0 && row.Destination.Kind != DestinationKind.Call112)
        {
            Add(RoutingProblem.EmergencyNotCall112, $"P0 (emergency now) must always be routed to Call112, not {row.Destination.Kind}.");
        }

        if (DestinationProblem(row.Destination) is { } destination)
        {
            Add(RoutingProblem.IncompleteDestination, destination);
        }

        return sound;
    }

    private static string? WindowProblem(RoutingRow row)
    {
        if (row.From.Second != 0 || row.From.Millisecond != 0 || row.From.Microsecond != 0 || row.From.Nanosecond != 0
            || row.To.Second != 0 || row.To.Millisecond != 0 || row.To.Microsecond != 0 || row.To.Nanosecond != 0)
        {
            return $"The window {row.From:HH\\:mm\\:ss}–{row.To:HH\\:mm\\:ss} must be in whole minutes.";
        }

        if (row.ToMinute < row.FromMinute)
        {
            return $"The window {row.WindowText} crosses midnight; split it into two rows, {RoutingRow.Clock(row.FromMinute)}–24:00 and 00:00–{RoutingRow.Clock(row.ToMinute)}.";
        }

        return row.ToMinute == row.FromMinute ? $"The window {row.WindowText} is empty." : null;
    }

    private static string? DestinationProblem(RoutingDestination destination) => destination.Kind switch
    {
        DestinationKind.EmergencyDepartment or DestinationKind.Callback or DestinationKind.WorkQueue or DestinationKind.Chat
            when string.IsNullOrWhiteSpace(destination.Unit) => $"A {destination.Kind} destination needs a unit.",
        DestinationKind.SelfBooking when string.IsNullOrWhiteSpace(destination.Service) => "A SelfBooking destination needs a service.",
        DestinationKind.SelfBooking when destination.WithinDays is not > 0 => "A SelfBooking destination needs a window of at least one day (withinDays).",
        DestinationKind.Phone when string.IsNullOrWhiteSpace(destination.Phone) => "A Phone destination needs a phone number.",
        DestinationKind.ExternalLink when !Uri.TryCreate(destination.Url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) => "An ExternalLink destination needs an absolute http or https address.",
        _ when !Enum.IsDefined(destination.Kind) => "The destination kind is unknown.",
        _ => null,
    };

    private (string Message, RoutingGap Detail)? FirstGap(IReadOnlyCollection<string> municipalities, bool[] usable)
    {
        var masks = new ulong[_rows.Length][];
        for (var i = 0; i < _rows.Length; i++)
        {
            var row = _rows[i];
            if (usable[i] && row.ServiceCode is null && !row.Destination.DependsOnCapacity)
            {
                masks[i] = CoverMask(row);
            }
        }

        var boundaries = _rows
            .Where((_, i) => masks[i] is not null)
            .SelectMany(r => new[] { r.EffectiveFrom, r.EffectiveTo })
            .OfType<DateOnly>()
            .Distinct()
            .Order()
            .ToList();
        var periods = new List<(DateOnly? From, DateOnly? To)>(boundaries.Count + 1);
        DateOnly? start = null;
        foreach (var boundary in boundaries)
        {
            periods.Add((start, boundary));
            start = boundary;
        }

        periods.Add((start, null));

        var covered = new ulong[MaskWords];
        foreach (var urgency in UrgencyClasses.Routed)
        {
            foreach (var municipality in municipalities)
            {
                foreach (var period in periods)
                {
                    Array.Clear(covered);
                    for (var i = 0; i < _rows.Length; i++)
                    {
                        var row = _rows[i];
                        if (masks[i] is { } mask && row.Urgency == urgency
                            && (row.Municipality is null || string.Equals(row.Municipality, municipality, StringComparison.Ordinal))
                            && InForceThroughout(row, period))
                        {
                            for (var w = 0; w < MaskWords; w++)
                            {
                                covered[w] |= mask[w];
                            }
                        }
                    }

                    if (FirstZero(covered) is { } bit)
                    {
                        return DescribeGap(urgency, municipality, period, covered, bit);
                    }
                }
            }
        }

        return null;
    }

    // Periods are cut at every row's boundaries, so a row is either in force for the whole period or not at all.
    private static bool InForceThroughout(RoutingRow row, (DateOnly? From, DateOnly? To) period) =>
        (row.EffectiveFrom is not { } from || (period.From is { } s && from <= s))
        && (row.EffectiveTo is not { } to || (period.To is { } e && to >= e));

    private static ulong[] CoverMask(RoutingRow row)
    {
        var mask = new ulong[MaskWords];
        for (var holiday = 0; holiday < 2; holiday++)
        {
            if (!row.AdmitsHoliday(holiday == 1))
            {
                continue;
            }

            for (var day = 0; day < 7; day++)
            {
                if (row.Weekdays.Contains(MondayFirst[day]))
                {
                    var offset = (holiday * MinutesPerWeek) + (day * RoutingRow.MinutesPerDay);
                    SetRange(mask, offset + row.FromMinute, offset + row.ToMinute);
                }
            }
        }

        return mask;
    }

    private static void SetRange(ulong[] mask, int start, int end)
    {
        for (var bit = start; bit < end;)
        {
            var word = bit >> 6;
            var shift = bit & 63;
            var count = Math.Min(64 - shift, end - bit);
            var bits = count == 64 ? ulong.MaxValue : ((1UL << count) - 1) << shift;
            mask[word] |= bits;
            bit += count;
        }
    }

    private static int? FirstZero(ulong[] mask)
    {
        for (var w = 0; w < MaskWords; w++)
        {
            if (mask[w] != ulong.MaxValue)
            {
                var bit = (w << 6) + BitOperations.TrailingZeroCount(~mask[w]);
                return bit < MaskBits ? bit : null;
            }
        }

        return null;
    }

    private static bool IsSet(ulong[] mask, int bit) => (mask[bit >> 6] & (1UL << (bit & 63))) != 0;

    private static (string Message, RoutingGap Detail) DescribeGap(Urgency urgency, string municipality, (DateOnly? From, DateOnly? To) period, ulong[] covered, int bit)
    {
        var holiday = bit >= MinutesPerWeek;
        var inWeek = bit % MinutesPerWeek;
        var day = inWeek / RoutingRow.MinutesPerDay;
        var dayStart = bit - (inWeek % RoutingRow.MinutesPerDay);
        var end = bit;
        while (end < dayStart + RoutingRow.MinutesPerDay && !IsSet(covered, end))
        {
            end++;
        }

        var periodText = period switch
        {
            (null, null) => "on any date",
            ({ } f, null) => string.Create(CultureInfo.InvariantCulture, $"from {f:yyyy-MM-dd} on"),
            (null, { } t) => string.Create(CultureInfo.InvariantCulture, $"until {t.AddDays(-1):yyyy-MM-dd}"),
            ({ } f, { } t) => string.Create(CultureInfo.InvariantCulture, $"from {f:yyyy-MM-dd} to {t.AddDays(-1):yyyy-MM-dd}"),
        };

        var message = $"No destination for {urgency} in municipality {municipality} on {MondayFirst[day]}s that are {(holiday ? "" : "not ")}holidays, "
            + $"{RoutingRow.Clock(bit - dayStart)}–{RoutingRow.Clock(end - dayStart)}, {periodText}. "
            + "Every minute needs a row for any service whose destination is not chat or self-booking.";
        var detail = new RoutingGap(
            urgency, municipality, MondayFirst[day], holiday, bit - dayStart, end - dayStart, period.From, period.To?.AddDays(-1));
        return (message, detail);
    }
}
