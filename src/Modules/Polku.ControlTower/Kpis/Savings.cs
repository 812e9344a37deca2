namespace Polku.ControlTower.Kpis;

/// <summary>
/// The savings estimate's parameters, seed 003's figures by default; the organiser may change each on the page
/// (they travel in the address, so an estimate with other figures can be shared as a link).
/// </summary>
public sealed record SavingsParameters(decimal MinutesPerAssessmentBooking = 8, decimal MinutesPerAvoidedCall = 3, decimal MinutesPerPreInformationForm = 5,
    decimal GuidanceSharePercent = 30, decimal FollowUpSharePercent = 20)
{
    public const decimal MaxMinutes = 600;

    /// <summary>The parameters a person may not set: negative or absurdly large minutes, or a share outside 0–100 %.</summary>
    public IEnumerable<string> Invalid()
    {
        if (MinutesPerAssessmentBooking is < 0 or > MaxMinutes)
        {
            yield return nameof(MinutesPerAssessmentBooking);
        }

        if (MinutesPerAvoidedCall is < 0 or > MaxMinutes)
        {
            yield return nameof(MinutesPerAvoidedCall);
        }

        if (MinutesPerPreInformationForm is < 0 or > MaxMinutes)
        {
            yield return nameof(MinutesPerPreInformationForm);
        }

        if (GuidanceSharePercent is < 0 or > 100)
        {
            yield return nameof(GuidanceSharePercent);
        }

        if (FollowUpSharePercent is < 0 or > 100)
        {
            yield return nameof(FollowUpSharePercent);
        }
    }
}

/// <summary>One line of the estimate: how many (or how many hours of work), the parameter, and the hours saved.</summary>
public sealed record SavingsLine(string Code, decimal Quantity, decimal Parameter, decimal Hours);

/// <summary>
/// Estimated savings (spec 05, seed 003) — an estimate, labelled so wherever shown, with its formula:
/// self-bookings after an assessment × minutes; avoided first-line contacts × minutes per call; electronic
/// pre-information forms × minutes; the share of guidance time (professionals' chat and message handling) and the share
/// of follow-up time (handling of follow-up alerts) that digital guidance and follow-up save.
/// </summary>
public static class SavingsCalculator
{
    public static IReadOnlyList<SavingsLine> Estimate(IReadOnlyList<FactRow> rows, IReadOnlySet<string> preInformationForms, SavingsParameters p)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(preInformationForms);
        ArgumentNullException.ThrowIfNull(p);
        var bookings = rows.Where(r => r.Type == "appointment.booked" && r.Digital && r.Facet == "assessment").Sum(r => r.Events);
        var avoided = rows.Where(r => KpiCatalogue.AvoidedEvents.Contains((r.Type, r.Facet))).Sum(r => r.Events);
        var forms = rows.Where(r => r.Type == "form.submitted" && preInformationForms.Contains(r.Facet)).Sum(r => r.Events);
        var guidanceHours = (rows.Where(r => r.Type == "chat.ended" && r.Facet != "bot").Sum(r => r.HandlingSum)
            + rows.Where(r => r.Type == "task.completed" && (r.Facet + ":").StartsWith("message:", StringComparison.Ordinal)).Sum(r => r.HandlingSum)) / 3600m;
        var followUpHours = rows.Where(r => r.Type == "task.completed" && (r.Facet + ":").StartsWith("follow-up-alert:", StringComparison.Ordinal)).Sum(r => r.HandlingSum) / 3600m;
        return
        [
            new("assessment-booking", bookings, p.MinutesPerAssessmentBooking, Round(bookings * p.MinutesPerAssessmentBooking / 60)),
            new("avoided-call", avoided, p.MinutesPerAvoidedCall, Round(avoided * p.MinutesPerAvoidedCall / 60)),
            new("pre-information", forms, p.MinutesPerPreInformationForm, Round(forms * p.MinutesPerPreInformationForm / 60)),
            new("guidance", Round(guidanceHours), p.GuidanceSharePercent, Round(guidanceHours * p.GuidanceSharePercent / 100)),
            new("follow-up", Round(followUpHours), p.FollowUpSharePercent, Round(followUpHours * p.FollowUpSharePercent / 100)),
        ];
    }

    private static decimal Round(decimal hours) => Math.Round(hours, 1, MidpointRounding.AwayFromZero);
}
