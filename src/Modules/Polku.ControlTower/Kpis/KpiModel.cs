namespace Polku.ControlTower.Kpis;

/// <summary>What a dashboard shows: a period of Helsinki days and optional filters.</summary>
public sealed record KpiFilter(DateOnly From, DateOnly To, string? Municipality = null, string? Service = null, string? Channel = null, Guid? Unit = null)
{
    /// <summary>Whether a filter leaves out the imported counts (they have no service or unit).</summary>
    public bool ExcludesImported => Service is not null || Unit is not null;
}

/// <summary>Rolled-up events of one municipality ("" = none known) with one type, channel, flag, kind and facet.</summary>
public sealed record FactRow(string Municipality, string Type, string Channel, bool Digital, string ContactKind, string Facet, long Events,
    long WaitingSum, long WaitingN, long HandlingSum, long HandlingN);

/// <summary>Imported contacts outside Polku (phone, walk-in) of one municipality, channel and kind.</summary>
public sealed record ImportedRow(string Municipality, string Channel, string Kind, long Count);

public enum KpiUnit
{
    Percent,
    Score,
    Count,
    Minutes,
    Hours,
}

/// <summary>A target of seed 003: at least (or more than) <see cref="Min"/>; <see cref="Text"/> as the seed says it.</summary>
public sealed record KpiTarget(string Text, decimal Min, bool Exclusive)
{
    public bool Met(decimal value) => Exclusive ? value > Min : value >= Min;
}

/// <summary>One KPI's value in one column: the value with the numerator and denominator it was computed from.</summary>
public sealed record KpiValue(string Code, decimal? Value, decimal Numerator, decimal Denominator, bool? Met);

/// <summary>A column of the dashboard: the county (<see cref="Municipality"/> null) or one municipality.</summary>
public sealed record KpiColumn(string? Municipality, IReadOnlyList<KpiValue> Values)
{
    public KpiValue this[string code] => Values.First(v => v.Code == code);
}

/// <summary>A breakdown table: counts per key (a facet or channel), per column.</summary>
public sealed record Breakdown(string Code, IReadOnlyList<string> Keys, IReadOnlyList<IReadOnlyList<long>> Counts);

/// <summary>Everything the dashboard, the API and the CSV export show for one filter.</summary>
public sealed record KpiReport(KpiFilter Filter, IReadOnlyList<KpiColumn> Columns, IReadOnlyList<Breakdown> Breakdowns, DateTime? RolledUntilUtc);
