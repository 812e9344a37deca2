namespace Polku.ServiceManagement.Reports;

/// <summary>
/// A monthly service-level report (spec 06) as stored: only codes and figures (the page and the CSV give them words in the
/// reader's language), so its canonical JSON and hash do not depend on who looks at it. Version <see cref="Format"/> of the
/// layout; a later layout is a new format number, never a reinterpretation of a frozen one.
/// </summary>
internal sealed record ReportContent(
    int Format,
    string ServiceId,
    string NameFi,
    string NameSv,
    string NameEn,
    int Year,
    int Month,
    DateTimeOffset AsOf,
    AvailabilitySection Availability,
    IReadOnlyList<PriorityLine> Incidents,
    ProblemSection Problems,
    IReadOnlyList<ChangeLine> Changes,
    SatisfactionSection CustomerSatisfaction,
    SanctionSection Sanctions);

internal sealed record AvailabilitySection(decimal Percent, decimal TargetPercent, bool Met, decimal Pa, decimal Ka, decimal Eh, int UnplannedOutages, int MaxUnplannedOutages, bool OutagesMet);

/// <summary>Incidents of one priority opened in the month: response and resolution met, missed and still running.</summary>
internal sealed record PriorityLine(string Priority, int Opened, int ResponseMet, int ResponseMissed, int ResponsePending, decimal? ResponseCompliance,
    int ResolutionMet, int ResolutionMissed, int ResolutionPending, decimal? ResolutionCompliance);

internal sealed record ProblemSection(int OpenCount, IReadOnlyList<ProblemLine> Open, IReadOnlyList<MajorIncidentLine> MajorIncidents);

internal sealed record ProblemLine(string Number, string Title, string Status, bool KnownError);

/// <summary>A declared major incident opened in the month and whether its root-cause analysis is recorded.</summary>
internal sealed record MajorIncidentLine(string Number, string Title, string Status, bool RcaDone);

internal sealed record ChangeLine(string Type, string Approval, int Count);

/// <summary>
/// Customer satisfaction: <see cref="Status"/> <c>measured</c> with the mean rating (1–5) in <see cref="Value"/> and the
/// number of ratings, or <c>not-measured</c> when the month has none (no figure is invented); the service's target and
/// whether the mean met it (null without a target or a measurement). Format 1 stored only the status and the value; its
/// reports read back with no count, target or result.
/// </summary>
internal sealed record SatisfactionSection(string Status, decimal? Value, int Ratings = 0, decimal? Target = null, bool? Met = null)
{
    public const string Measured = "measured";
    public const string NotMeasured = "not-measured";
}

internal sealed record SanctionSection(decimal MonthlyFeeEur, IReadOnlyList<SanctionLine> Lines, decimal TotalEur);

/// <summary>A rule of the contract's sanction table, whether its target was missed this month and what it costs.</summary>
internal sealed record SanctionLine(string Measure, string? Priority, decimal PercentOfFee, bool Missed, decimal AmountEur);
