using Polku.Assessments.Contracts;
using Polku.Platform.Time;

namespace Polku.Assessments.Domain.Routing;

/// <summary>
/// Paikallinen palveluohjaus — a local service routing table: maps a recommendation's urgency and
/// service, the resident's municipality and a moment to a destination (spec 02).
/// </summary>
/// <remarks>
/// <para>
/// Resolution: the rows that match the request (urgency, service or any, municipality or county-wide,
/// Helsinki weekday and wall-clock minute, holiday or not, effective date) are ordered by
/// <see cref="RoutingRow.Specificity"/>, highest first, ties by table order. The first row whose
/// destination is available wins; a self-booking destination without a free slot inside its window
/// and a chat that is closed or full are skipped, and the next candidate applies.
/// </para>
/// <para>
/// The instant is converted to Helsinki wall-clock time first, so on the spring daylight-saving day
/// the minutes 03:00–03:59 never occur and on the autumn day 03:00–03:59 occurs twice, resolved the
/// same both times.
/// </para>
/// </remarks>
internal sealed partial class RoutingTable
{
    private readonly RoutingRow[] _rows;

    // Per urgency: the indexes of its rows in resolution order (specificity descending, table order ascending).
    private readonly int[][] _ranked;

    /// <summary>Creates a table; the order of <paramref name="rows"/> is the tie-break order. Call <see cref="Validate"/> before saving or using it.</summary>
    public RoutingTable(string id, IEnumerable<RoutingRow> rows, string? description = null)
    {
        Id = id;
        Description = description;
        _rows = [.. rows];
        var urgencies = Enum.GetValues<Urgency>();
        _ranked = new int[urgencies.Length][];
        foreach (var urgency in urgencies)
        {
            _ranked[(int)urgency] = [.. Enumerable.Range(0, _rows.Length)
                .Where(i => _rows[i].Urgency == urgency)
                .OrderByDescending(i => _rows[i].Specificity)
                .ThenBy(i => i)];
        }
    }

    /// <summary>The table's id (e.g. <c>demo-routing</c>).</summary>
    public string Id { get; }

    /// <summary>A note for editors, e.g. that the content is for demonstration.</summary>
    public string? Description { get; }

    /// <summary>The rows in table order.</summary>
    public IReadOnlyList<RoutingRow> Rows => _rows;

    /// <summary>
    /// Routes a request made at <paramref name="at"/>. Returns every matching row in the order considered,
    /// with the chosen one marked; <see cref="RoutingDecision.Row"/> is null only when nothing matched or
    /// every match lacked capacity (a validated table always has a capacity-free row underneath).
    /// Self-care (<see cref="Urgency.S"/>) is never routed and yields no candidates.
    /// </summary>
    public RoutingDecision Resolve(Urgency urgency, string? serviceCode, string municipality, DateTimeOffset at, IRoutingCapacity capacity)
    {
        ThrowIfUndefined(urgency);
        var local = HelsinkiTime.ToLocal(at);
        var date = DateOnly.FromDateTime(local);
        var minute = (local.Hour * 60) + local.Minute;
        var holiday = FinnishCalendar.IsNonWorkingDay(date);
        var candidates = new List<RoutingCandidate>();
        var chosen = false;
        if (urgency != Urgency.S)
        {
            foreach (var index in _ranked[(int)urgency])
            {
                var row = _rows[index];
                if (!row.Matches(urgency, serviceCode, municipality, date, minute, holiday))
                {
                    continue;
                }

                var outcome = chosen ? CandidateOutcome.NotReached : Availability(row.Destination, municipality, at, capacity);
                chosen |= outcome == CandidateOutcome.Chosen;
                candidates.Add(new RoutingCandidate(row, index, row.Specificity, outcome));
            }
        }

        return new RoutingDecision(urgency, serviceCode, municipality, at, date, TimeOnly.FromDateTime(local), holiday, candidates);
    }

    /// <summary>
    /// The table as resolved for one municipality, urgency and service over the seven Helsinki dates from
    /// <paramref name="weekStart"/>, capacity ignored: per day the stretches of wall-clock time during
    /// which one row applies. Wall-clock stretches are shown as they stand in the table, so the spring
    /// daylight-saving day still lists 03:00–04:00 although that hour does not occur.
    /// </summary>
    public IReadOnlyList<RoutingDay> WeekView(string municipality, Urgency urgency, string? serviceCode, DateOnly weekStart)
    {
        ThrowIfUndefined(urgency);
        var ranked = urgency == Urgency.S ? [] : _ranked[(int)urgency];
        var boundaries = ranked
            .SelectMany(i => new[] { _rows[i].FromMinute, _rows[i].ToMinute })
            .Append(0)
            .Append(RoutingRow.MinutesPerDay)
            .Where(m => m is >= 0 and <= RoutingRow.MinutesPerDay)
            .Distinct()
            .Order()
            .ToArray();

        var days = new List<RoutingDay>(7);
        for (var d = 0; d < 7; d++)
        {
            var date = weekStart.AddDays(d);
            var holiday = FinnishCalendar.IsNonWorkingDay(date);
            var segments = new List<RoutingSegment>();
            for (var b = 0; b < boundaries.Length - 1; b++)
            {
                // No row starts or ends inside [boundaries[b], boundaries[b + 1]), so the first minute decides.
                var chain = Chain(ranked, urgency, serviceCode, municipality, date, boundaries[b], holiday);
                var row = chain.Count > 0 ? chain[0] : null;
                var fallbacks = chain.Skip(1).ToList();
                if (segments.Count > 0 && segments[^1].Row == row && segments[^1].Fallbacks.SequenceEqual(fallbacks))
                {
                    segments[^1] = segments[^1] with { To = ToTime(boundaries[b + 1]) };
                }
                else
                {
                    segments.Add(new RoutingSegment(ToTime(boundaries[b]), ToTime(boundaries[b + 1]), row, fallbacks));
                }
            }

            days.Add(new RoutingDay(date, holiday, segments));
        }

        return days;
    }

    private static void ThrowIfUndefined(Urgency urgency)
    {
        if (!Enum.IsDefined(urgency))
        {
            throw new ArgumentOutOfRangeException(nameof(urgency), urgency, "Not an urgency class.");
        }
    }

    private static TimeOnly ToTime(int minute) =>
        minute >= RoutingRow.MinutesPerDay ? TimeOnly.MinValue : new TimeOnly(minute / 60, minute % 60);

    /// <summary>The matching rows in resolution order up to and including the first that does not depend on capacity.</summary>
    private List<RoutingRow> Chain(int[] ranked, Urgency urgency, string? serviceCode, string municipality, DateOnly date, int minute, bool holiday)
    {
        var chain = new List<RoutingRow>();
        foreach (var index in ranked)
        {
            var row = _rows[index];
            if (row.Matches(urgency, serviceCode, municipality, date, minute, holiday))
            {
                chain.Add(row);
                if (!row.Destination.DependsOnCapacity)
                {
                    break;
                }
            }
        }

        return chain;
    }

    private static CandidateOutcome Availability(RoutingDestination destination, string municipality, DateTimeOffset at, IRoutingCapacity capacity) =>
        destination.Kind switch
        {
            DestinationKind.Chat => destination.Unit is { } unit && capacity.IsChatOpen(unit, at)
                ? CandidateOutcome.Chosen
                : CandidateOutcome.SkippedChatClosed,
            DestinationKind.SelfBooking => destination.Service is { } service
                && capacity.HasFreeSlot(service, municipality, at, at.AddDays(destination.WithinDays ?? 0))
                ? CandidateOutcome.Chosen
                : CandidateOutcome.SkippedNoFreeSlot,
            _ => CandidateOutcome.Chosen,
        };
}
