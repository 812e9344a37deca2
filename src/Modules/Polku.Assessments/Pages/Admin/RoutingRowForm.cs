using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Polku.Assessments.Contracts;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Routing;
using Polku.Platform.Localization;
using Polku.Region.Contracts;

namespace Polku.Assessments.Pages.Admin;

/// <summary>The fields of a routing row as the edit form posts them; strings, so whatever was typed comes back as typed.</summary>
internal sealed class RoutingRowInput
{
    /// <summary>The table version the form was loaded from.</summary>
    public int Version { get; set; }
    public string? Id { get; set; }
    public string? Urgency { get; set; }
    public string? Service { get; set; }
    public string? Municipality { get; set; }
    public List<string> Days { get; set; } = [];
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Holidays { get; set; }
    public string? EffectiveFrom { get; set; }
    public string? EffectiveTo { get; set; }
    public string? Kind { get; set; }
    public string? Unit { get; set; }
    public string? DestinationService { get; set; }
    public string? Phone { get; set; }
    public string? Url { get; set; }
    public string? WithinDays { get; set; }
    public string? InstructionsFi { get; set; }
    public string? InstructionsSv { get; set; }
    public string? InstructionsEn { get; set; }
    public string? Note { get; set; }
}

internal static class RoutingRowForm
{
    public const int MaxId = 80;
    public const int MaxText = 2000;
    public const int MaxNote = 1000;

    private static readonly string[] TimeFormats = ["HH:mm", "H:mm"];

    public static RoutingRowInput FromRow(RoutingRow row, int version) => new()
    {
        Version = version,
        Id = row.Id,
        Urgency = row.Urgency.ToString(),
        Service = row.ServiceCode,
        Municipality = row.Municipality,
        Days = [.. RoutingDisplay.Week.Where(row.Weekdays.Contains).Select(d => d.ToString())],
        From = row.IsAllDay ? null : RoutingRow.Clock(row.FromMinute),
        To = row.IsAllDay ? null : RoutingRow.Clock(row.ToMinute),
        Holidays = row.Holidays.ToString(),
        EffectiveFrom = row.EffectiveFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        EffectiveTo = row.EffectiveTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Kind = row.Destination.Kind.ToString(),
        Unit = row.Destination.Unit,
        DestinationService = row.Destination.Service,
        Phone = row.Destination.Phone,
        Url = row.Destination.Url,
        WithinDays = row.Destination.WithinDays?.ToString(CultureInfo.InvariantCulture),
        InstructionsFi = row.Destination.Instructions.Fi,
        InstructionsSv = row.Destination.Instructions.Sv,
        InstructionsEn = row.Destination.Instructions.En,
    };

    /// <summary>
    /// Checks the shape of the input (the rules are the table's: <see cref="RoutingTable.Validate"/> runs on save) and
    /// returns the row, or null with localised field errors.
    /// </summary>
    public static RoutingRow? Parse(ModelStateDictionary state, Texts texts, RoutingRowInput input, string? fixedId,
        IReadOnlyList<MunicipalityInfo> municipalities, IReadOnlyList<UnitInfo> units)
    {
        var id = fixedId ?? input.Id?.Trim();
        if (fixedId is null)
        {
            if (string.IsNullOrEmpty(id))
            {
                state.AddModelError("Input.Id", texts["error.required"]);
            }
            else if (id.Length > MaxId || id == "new" || !id.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_' or '.'))
            {
                state.AddModelError("Input.Id", texts["assessments.routing.error.id"]);
            }
        }

        var urgency = UrgencyClasses.Parse(input.Urgency);
        if (urgency is not { } u || !UrgencyClasses.Routed.Contains(u))
        {
            state.AddModelError("Input.Urgency", texts["assessments.routing.error.urgency"]);
        }

        var service = Blank(input.Service);
        var municipality = Blank(input.Municipality);
        if (municipality is not null && municipalities.All(m => m.Code != municipality))
        {
            state.AddModelError("Input.Municipality", texts["assessments.routing.error.municipality"]);
        }

        var days = new HashSet<DayOfWeek>();
        foreach (var day in input.Days)
        {
            if (Enum.TryParse<DayOfWeek>(day, out var d) && Enum.IsDefined(d) && string.Equals(d.ToString(), day, StringComparison.Ordinal))
            {
                days.Add(d);
            }
        }

        if (days.Count == 0)
        {
            state.AddModelError("Input.Days", texts["assessments.routing.error.days"]);
        }

        var from = Time(state, texts, "Input.From", input.From, allowEndOfDay: false);
        var to = Time(state, texts, "Input.To", input.To, allowEndOfDay: true);
        if ((from is null) != (to is null) && state.IsValid)
        {
            state.AddModelError(from is null ? "Input.From" : "Input.To", texts["assessments.routing.error.window_both"]);
        }

        HolidayMatch? holidays = Enum.TryParse<HolidayMatch>(input.Holidays, out var h) && Enum.IsDefined(h) && string.Equals(h.ToString(), input.Holidays, StringComparison.Ordinal) ? h : null;
        if (holidays is null)
        {
            state.AddModelError("Input.Holidays", texts["error.required"]);
        }

        var effectiveFrom = Date(state, texts, "Input.EffectiveFrom", input.EffectiveFrom);
        var effectiveTo = Date(state, texts, "Input.EffectiveTo", input.EffectiveTo);

        DestinationKind? kind = Enum.TryParse<DestinationKind>(input.Kind, out var k) && Enum.IsDefined(k) && string.Equals(k.ToString(), input.Kind, StringComparison.Ordinal) ? k : null;
        if (kind is null)
        {
            state.AddModelError("Input.Kind", texts["error.required"]);
        }

        var unit = Blank(input.Unit);
        if (unit is not null && units.All(x => x.Code != unit))
        {
            state.AddModelError("Input.Unit", texts["assessments.routing.error.unit"]);
        }

        int? withinDays = null;
        if (Blank(input.WithinDays) is { } wd)
        {
            if (int.TryParse(wd, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 365)
            {
                withinDays = n;
            }
            else
            {
                state.AddModelError("Input.WithinDays", texts["assessments.routing.error.within_days"]);
            }
        }

        foreach (var (key, value, max) in new[]
        {
            ("Input.Service", input.Service, MaxId), ("Input.DestinationService", input.DestinationService, MaxId),
            ("Input.Phone", input.Phone, 40), ("Input.Url", input.Url, 500),
            ("Input.InstructionsFi", input.InstructionsFi, MaxText), ("Input.InstructionsSv", input.InstructionsSv, MaxText),
            ("Input.InstructionsEn", input.InstructionsEn, MaxText),
        })
        {
            if (value is not null && value.Length > max)
            {
                state.AddModelError(key, texts["error.too_long"]);
            }
        }

        RequireNote(state, texts, "Input.Note", input.Note);

        if (!state.IsValid)
        {
            return null;
        }

        return new RoutingRow
        {
            Id = id!,
            Urgency = urgency!.Value,
            ServiceCode = service,
            Municipality = municipality,
            Weekdays = days,
            From = from ?? TimeOnly.MinValue,
            To = to ?? TimeOnly.MinValue,
            Holidays = holidays!.Value,
            EffectiveFrom = effectiveFrom,
            EffectiveTo = effectiveTo,
            Destination = new RoutingDestination(kind!.Value, new LocalizedText(
                input.InstructionsFi?.Trim() ?? "", input.InstructionsSv?.Trim() ?? "", input.InstructionsEn?.Trim() ?? ""))
            {
                Unit = unit,
                Service = Blank(input.DestinationService),
                Phone = Blank(input.Phone),
                Url = Blank(input.Url),
                WithinDays = withinDays,
            },
        };
    }

    public static void RequireNote(ModelStateDictionary state, Texts texts, string key, string? note)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            state.AddModelError(key, texts["assessments.routing.error.note"]);
        }
        else if (note.Length > MaxNote)
        {
            state.AddModelError(key, texts["error.too_long"]);
        }
    }

    /// <summary>The form field a table problem about the edited row belongs to; "" (the summary) for the others.</summary>
    public static string FieldFor(RoutingProblem problem, string rowId)
    {
        if (!string.Equals(problem.RowId, rowId, StringComparison.Ordinal))
        {
            return "";
        }

        return problem.Code switch
        {
            RoutingProblem.DuplicateId or RoutingProblem.MissingId => "Input.Id",
            RoutingProblem.SelfCareRow => "Input.Urgency",
            RoutingProblem.InvalidWindow => "Input.From",
            RoutingProblem.NoWeekdays => "Input.Days",
            RoutingProblem.InvalidEffectivePeriod => "Input.EffectiveTo",
            RoutingProblem.UnknownMunicipality => "Input.Municipality",
            RoutingProblem.MissingInstructions => "Input.InstructionsFi",
            RoutingProblem.EmergencyNotCall112 or RoutingProblem.IncompleteDestination => "Input.Kind",
            _ => "",
        };
    }

    private static TimeOnly? Time(ModelStateDictionary state, Texts texts, string key, string? value, bool allowEndOfDay)
    {
        var text = Blank(value);
        if (text is null)
        {
            return null;
        }

        if (allowEndOfDay && text == "24:00")
        {
            return TimeOnly.MinValue;
        }

        if (TimeOnly.TryParseExact(text, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return t;
        }

        state.AddModelError(key, texts["assessments.routing.error.time"]);
        return null;
    }

    private static DateOnly? Date(ModelStateDictionary state, Texts texts, string key, string? value)
    {
        var text = Blank(value);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }

        state.AddModelError(key, texts["error.invalid_date"]);
        return null;
    }

    public static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
