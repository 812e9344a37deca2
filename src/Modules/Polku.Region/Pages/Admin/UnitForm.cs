using Microsoft.AspNetCore.Mvc.ModelBinding;
using Polku.Platform.Localization;
using Polku.Region.Administration;
using Polku.Region.Data;
using Polku.Region.Directory;
using Polku.Region.Domain;

namespace Polku.Region.Pages.Admin;

/// <summary>The fields of a unit as the create and edit forms post them.</summary>
internal sealed class UnitInput
{
    public int Version { get; set; }
    public string? Code { get; set; }
    public string? NameFi { get; set; }
    public string? NameSv { get; set; }
    public string? NameEn { get; set; }
    public string? Kind { get; set; }

    /// <summary>Municipality code, or empty for a county-wide unit.</summary>
    public string? Municipality { get; set; }
    public List<string> Served { get; set; } = [];
    public string? Phone { get; set; }
    public string? Address { get; set; }
    /// <summary>"true" when the checkbox is checked; a string, so that a tampered value is simply "not checked".</summary>
    public string? OpenOnHolidays { get; set; }

    public bool OpenOnHolidaysChecked => OpenOnHolidays == "true";
}

/// <summary>A page that shows the unit fields (<c>_UnitFields</c>).</summary>
internal interface IUnitForm
{
    bool IsNew { get; }

    UnitInput Input { get; }

    IReadOnlyList<MunicipalityView> Municipalities { get; }
}

internal static class UnitForm
{
    /// <summary>Validates everything but the code; adds localised errors and returns the values when valid.</summary>
    public static UnitValues? Validate(ModelStateDictionary state, Texts texts, UnitInput input, IReadOnlyList<MunicipalityView> municipalities)
    {
        foreach (var (field, code) in RegionRules.CheckUnit(input.NameFi, input.NameSv, input.NameEn, input.Phone, input.Address))
        {
            state.AddModelError("Input." + field, texts[code]);
        }

        // Enum.TryParse also accepts numbers and flag combinations; only a defined name counts.
        if (!Enum.TryParse<UnitKind>(input.Kind, out var kind) || !Enum.IsDefined(kind) || !string.Equals(kind.ToString(), input.Kind, StringComparison.Ordinal))
        {
            state.AddModelError("Input.Kind", texts["error.required"]);
        }

        var municipality = string.IsNullOrEmpty(input.Municipality) ? null : input.Municipality;
        if (municipality is not null && municipalities.All(m => m.Code != municipality))
        {
            state.AddModelError("Input.Municipality", texts["region.unknown_municipality"]);
        }

        var served = input.Served.Where(s => !string.IsNullOrEmpty(s)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (served.Any(s => municipalities.All(m => m.Code != s)))
        {
            state.AddModelError("Input.Served", texts["region.unknown_municipality"]);
        }

        if (!state.IsValid)
        {
            return null;
        }

        return new UnitValues(
            input.NameFi!.Trim(), input.NameSv!.Trim(), input.NameEn!.Trim(), kind, municipality, string.Join(',', served),
            Blank(input.Phone), Blank(input.Address), input.OpenOnHolidaysChecked);
    }

    public static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
