using Microsoft.AspNetCore.Mvc.ModelBinding;
using Polku.Platform.Localization;
using Polku.Region.Administration;
using Polku.Region.Domain;

namespace Polku.Region.Pages.Admin;

/// <summary>The fields of a municipality as the create and edit forms post them.</summary>
internal sealed class MunicipalityInput
{
    public int Version { get; set; }
    public string? Code { get; set; }
    public string? NameFi { get; set; }
    public string? NameSv { get; set; }
    public string? NameEn { get; set; }
    public List<string> Languages { get; set; } = [];
    public string? RecordSystem { get; set; }
}

/// <summary>A page that shows the municipality fields (<c>_MunicipalityFields</c>).</summary>
internal interface IMunicipalityForm
{
    bool IsNew { get; }

    MunicipalityInput Input { get; }
}

internal static class MunicipalityForm
{
    /// <summary>Adds the localised errors of the municipality's texts and languages to the model state.</summary>
    public static void Validate(ModelStateDictionary state, Texts texts, MunicipalityInput input)
    {
        foreach (var (field, code) in RegionRules.CheckMunicipality(input.NameFi, input.NameSv, input.NameEn, input.Languages, input.RecordSystem))
        {
            state.AddModelError("Input." + field, texts[code]);
        }
    }

    /// <summary>The values to store, once <see cref="Validate"/> found no errors.</summary>
    public static MunicipalityValues Values(MunicipalityInput input) =>
        new(input.NameFi!.Trim(), input.NameSv!.Trim(), input.NameEn!.Trim(), RegionRules.JoinLanguages(input.Languages), Blank(input.RecordSystem));

    public static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
