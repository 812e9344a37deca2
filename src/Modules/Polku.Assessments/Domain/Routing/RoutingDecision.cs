using Polku.Assessments.Contracts;

namespace Polku.Assessments.Domain.Routing;

/// <summary>What happened to a matching row while a request was resolved.</summary>
internal enum CandidateOutcome
{
    /// <summary>The row was chosen.</summary>
    Chosen,

    /// <summary>Self-booking with no free slot inside the urgency window; the next candidate applied.</summary>
    SkippedNoFreeSlot,

    /// <summary>Chat closed or full; the next candidate applied.</summary>
    SkippedChatClosed,

    /// <summary>A less specific (or later) row that was not needed because an earlier one was chosen.</summary>
    NotReached,
}

/// <summary>A row that matched the request, in the order it was considered.</summary>
internal sealed record RoutingCandidate(RoutingRow Row, int Order, int Specificity, CandidateOutcome Outcome);

/// <summary>
/// The result of routing one request: the chosen row (null only when the table has a hole or every
/// candidate lacked capacity) and every matching row in the order considered, for the simulator.
/// </summary>
internal sealed record RoutingDecision(
    Urgency Urgency,
    string? ServiceCode,
    string Municipality,
    DateTimeOffset At,
    DateOnly LocalDate,
    TimeOnly LocalTime,
    bool IsHoliday,
    IReadOnlyList<RoutingCandidate> Candidates)
{
    /// <summary>The chosen candidate, or null.</summary>
    public RoutingCandidate? Chosen => Candidates.FirstOrDefault(c => c.Outcome == CandidateOutcome.Chosen);

    /// <summary>The chosen row, or null.</summary>
    public RoutingRow? Row => Chosen?.Row;

    /// <summary>The chosen destination, or null.</summary>
    public RoutingDestination? Destination => Chosen?.Row.Destination;
}

/// <summary>
/// One stretch of a day in the week view during which the same row applies (capacity ignored).
/// <see cref="To"/> of 00:00 means 24:00. <see cref="Fallbacks"/> are the rows behind a capacity-dependent
/// row, in order, up to and including the first row that does not depend on capacity.
/// </summary>
internal sealed record RoutingSegment(TimeOnly From, TimeOnly To, RoutingRow? Row, IReadOnlyList<RoutingRow> Fallbacks)
{
    /// <summary>The id of the applying row, or null for a hole.</summary>
    public string? RowId => Row?.Id;

    /// <summary>The destination of the applying row, or null for a hole.</summary>
    public RoutingDestination? Destination => Row?.Destination;
}

/// <summary>One day of the week view.</summary>
internal sealed record RoutingDay(DateOnly Date, bool IsHoliday, IReadOnlyList<RoutingSegment> Segments);

/// <summary>
/// The first gap of a table in structured form, so a page can name it in the reader's language: the urgency and
/// municipality, the weekday, ordinary day or holiday, the uncovered wall-clock minutes [<see cref="FromMinute"/>,
/// <see cref="ToMinute"/>) of that day (1440 = 24:00) and the effective period (first and last date, null = open).
/// </summary>
internal sealed record RoutingGap(
    Urgency Urgency, string Municipality, DayOfWeek Day, bool Holiday, int FromMinute, int ToMinute, DateOnly? PeriodFrom, DateOnly? PeriodThrough)
{
    /// <summary>The uncovered stretch as text, e.g. "15:00–24:00".</summary>
    public string WindowText => $"{RoutingRow.Clock(FromMinute)}–{RoutingRow.Clock(ToMinute)}";
}

/// <summary>A problem found by <see cref="RoutingTable.Validate"/>: a stable code, the row (when one is to blame) and a plain explanation.</summary>
internal sealed record RoutingProblem(string Code, string? RowId, string Message)
{
    /// <summary>For <see cref="Gap"/>: the gap in structured form; null for the other codes.</summary>
    public RoutingGap? GapDetail { get; init; }

    /// <summary>Error codes.</summary>
    public const string Gap = "routing.gap";
    public const string SelfCareRow = "routing.self_care_row";
    public const string InvalidWindow = "routing.invalid_window";
    public const string NoWeekdays = "routing.no_weekdays";
    public const string InvalidEffectivePeriod = "routing.invalid_effective_period";
    public const string UnknownMunicipality = "routing.unknown_municipality";
    public const string MissingInstructions = "routing.missing_instructions";
    public const string DuplicateId = "routing.duplicate_id";
    public const string MissingId = "routing.missing_id";
    public const string EmergencyNotCall112 = "routing.p0_not_112";
    public const string IncompleteDestination = "routing.incomplete_destination";

    public override string ToString() => RowId is null ? $"{Code}: {Message}" : $"{Code} ({RowId}): {Message}";
}
