using System.Globalization;
using Polku.Platform.Results;
using Polku.ServiceManagement.Domain;

namespace Polku.ServiceManagement.Catalogue;

/// <summary>One row of the sanction table's form as typed: the measure, the priority (response and resolution only) and the per cent.</summary>
internal sealed record SanctionRowInput(string? Measure, string? Priority, string? Percent);

/// <summary>The contract's part of a catalogue entry as typed: the monthly fee, the satisfaction target and the sanction rows.</summary>
internal sealed record SanctionInput(string? MonthlyFee, string? SatisfactionTarget, IReadOnlyList<SanctionRowInput> Rows);

/// <summary>
/// Reads the sanction table the service manager typed (pure: no I/O). The model is the contract's: each rule costs a per
/// cent of the monthly fee when its target is missed. Checked: the fee is 0–10,000,000 € with at most two decimals; the
/// satisfaction target, when given, is 1–5; a rule names a known measure, a priority only for response and resolution,
/// and a per cent above 0 and at most 100 with at most two decimals; no two rules name the same measure and priority;
/// all rules together take at most the whole fee (100 %); a satisfaction rule needs a target to be measured against.
/// An empty row is no rule. The first problem is returned with the field (the form's input name) it belongs to.
/// </summary>
internal static class SanctionTableInput
{
    public const int MaxRules = 12;
    public const decimal MaxFee = 10_000_000m;

    public const string FeeInvalid = "sm.admin.error.fee";
    public const string TargetInvalid = "sm.admin.error.satisfaction_target";
    public const string MeasureInvalid = "sm.admin.error.sanction_measure";
    public const string PriorityInvalid = "sm.admin.error.sanction_priority";
    public const string PercentInvalid = "sm.admin.error.sanction_percent";
    public const string Duplicate = "sm.admin.error.sanction_duplicate";
    public const string TotalTooHigh = "sm.admin.error.sanction_total";
    public const string TooMany = "sm.admin.error.sanction_too_many";
    public const string SatisfactionNeedsTarget = "sm.admin.error.sanction_needs_target";

    /// <summary>The form's input names of row <paramref name="i"/>.</summary>
    public static string MeasureField(int i) => "SanctionMeasure" + i.ToString(CultureInfo.InvariantCulture);

    public static string PriorityField(int i) => "SanctionPriority" + i.ToString(CultureInfo.InvariantCulture);

    public static string PercentField(int i) => "SanctionPercent" + i.ToString(CultureInfo.InvariantCulture);

    public static Result<(Sanctions Table, double? SatisfactionTarget)> Read(SanctionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (!TryDecimal(input.MonthlyFee, out var fee) || fee < 0 || fee > MaxFee || decimal.Round(fee, 2) != fee)
        {
            return Error.Validation(FeeInvalid, "MonthlyFee");
        }

        decimal? target = null;
        if (!string.IsNullOrWhiteSpace(input.SatisfactionTarget))
        {
            if (!TryDecimal(input.SatisfactionTarget, out var t) || t < 1 || t > 5 || decimal.Round(t, 2) != t)
            {
                return Error.Validation(TargetInvalid, "SatisfactionTarget");
            }

            target = t;
        }

        var rules = new List<SanctionRule>();
        var total = 0m;
        for (var i = 0; i < input.Rows.Count; i++)
        {
            var row = input.Rows[i];
            var measure = Clean(row.Measure);
            var priority = Clean(row.Priority);
            var percentText = Clean(row.Percent);
            if (measure is null && priority is null && percentText is null)
            {
                continue;
            }

            if (measure is null || !SanctionMeasures.All.Contains(measure, StringComparer.Ordinal))
            {
                return Error.Validation(MeasureInvalid, MeasureField(i));
            }

            if (priority is not null && (!SanctionMeasures.PerPriority(measure) || !Priorities.All.Contains(priority, StringComparer.Ordinal)))
            {
                return Error.Validation(PriorityInvalid, PriorityField(i));
            }

            if (!TryDecimal(percentText, out var percent) || percent <= 0 || percent > 100 || decimal.Round(percent, 2) != percent)
            {
                return Error.Validation(PercentInvalid, PercentField(i));
            }

            if (rules.Any(r => r.Measure == measure && r.Priority == priority))
            {
                return Error.Validation(Duplicate, MeasureField(i));
            }

            if (measure == SanctionMeasures.Satisfaction && target is null)
            {
                return Error.Validation(SatisfactionNeedsTarget, MeasureField(i));
            }

            if (rules.Count == MaxRules)
            {
                return Error.Validation(TooMany, MeasureField(i));
            }

            total += percent;
            if (total > 100)
            {
                return Error.Validation(TotalTooHigh, PercentField(i));
            }

            rules.Add(new SanctionRule(measure, priority, percent));
        }

        return Result<(Sanctions, double?)>.Ok((new Sanctions(fee, rules), target is { } v ? (double)v : null));
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A plain decimal number as typed: a decimal comma or point, no thousands separators, no exponent.</summary>
    private static bool TryDecimal(string? text, out decimal value)
    {
        var t = (text ?? "").Trim().Replace(',', '.').Replace(" ", "", StringComparison.Ordinal).Replace("\u00a0", "", StringComparison.Ordinal);
        value = 0;
        return t.Length is > 0 and <= 20 && decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);
    }
}
