using Microsoft.AspNetCore.Mvc.ModelBinding;
using Polku.Identity.StaffAdmin;
using Polku.Platform.Localization;
using Polku.Region.Contracts;

namespace Polku.Identity.Pages.StaffAdmin;

/// <summary>A professional's fields as the new and edit forms post them; lists of ids are text, so a tampered one is an error, not a 400.</summary>
internal sealed class StaffInput
{
    public int Version { get; set; }
    public string? Login { get; set; }
    public string? DisplayName { get; set; }

    /// <summary>A known title code, <see cref="StaffForm.OtherTitle"/> (then <see cref="TitleOther"/>), or empty.</summary>
    public string? Title { get; set; }
    public string? TitleOther { get; set; }
    public string? Email { get; set; }
    public string? ExternalSubject { get; set; }
    public string? DirectoryId { get; set; }
    public List<string> Units { get; set; } = [];
    public List<string> Roles { get; set; } = [];

    /// <summary><c>county</c> or <c>units</c> (then <see cref="AdminUnits"/>).</summary>
    public string? AdminScope { get; set; }
    public List<string> AdminUnits { get; set; } = [];
}

/// <summary>A page showing the professional's fields (<c>_StaffFields</c>).</summary>
internal interface IStaffForm
{
    StaffInput Input { get; }

    AdminScope Scope { get; }

    /// <summary>The units the coordinator may assign, by name.</summary>
    IReadOnlyList<UnitInfo> AssignableUnits { get; }

    /// <summary>Every unit of the county, by name (a county-wide coordinator's choice of another coordinator's scope).</summary>
    IReadOnlyList<UnitInfo> AllUnits { get; }

    /// <summary>The person's units outside the coordinator's scope, which stay as they are.</summary>
    string OtherUnits { get; }

    Texts Texts { get; }
}

internal static class StaffForm
{
    public const string OtherTitle = "other";

    public static StaffInput From(StaffSnapshot s, AdminScope scope) => new()
    {
        Version = s.Version,
        Login = s.Login,
        DisplayName = s.DisplayName,
        Title = s.Title.Length == 0 ? "" : StaffRules.KnownTitles.Contains(s.Title) ? s.Title : OtherTitle,
        TitleOther = StaffRules.KnownTitles.Contains(s.Title) ? null : s.Title,
        Email = s.Email,
        ExternalSubject = s.ExternalSubject,
        DirectoryId = s.DirectoryId,
        Units = [.. s.Units.Where(scope.CanAssign).Select(u => u.ToString("D"))],
        Roles = [.. s.Roles],
        AdminScope = s.AdminCounty ? StaffChanges.CountyScope : "units",
        AdminUnits = [.. s.AdminUnits.Select(u => u.ToString("D"))],
    };

    /// <summary>Checks the shape of every field (all errors at once, on their fields) and returns the values when well formed.</summary>
    public static StaffValues? Validate(ModelStateDictionary state, Texts texts, StaffInput input)
    {
        var title = input.Title == OtherTitle ? input.TitleOther ?? "" : input.Title ?? "";
        if (title.Length > 0 && input.Title != OtherTitle && !StaffRules.KnownTitles.Contains(title))
        {
            state.AddModelError("Input.Title", texts[StaffRules.TextInvalid]);
        }

        var login = StaffRules.NormaliseLogin(input.Login);
        foreach (var (field, code) in StaffRules.Check(login, input.DisplayName, title, input.Email, input.ExternalSubject, input.DirectoryId))
        {
            state.AddModelError("Input." + (field == "Title" && input.Title == OtherTitle ? "TitleOther" : field), texts[code]);
        }

        var units = Ids(input.Units);
        var adminUnits = Ids(input.AdminUnits);
        if (units is null)
        {
            state.AddModelError("Input.Units", texts[StaffChanges.UnitUnknown]);
        }

        if (adminUnits is null)
        {
            state.AddModelError("Input.AdminUnits", texts[StaffChanges.UnitUnknown]);
        }

        if (input.Roles.Any(r => !StaffRules.IsRole(r)))
        {
            state.AddModelError("Input.Roles", texts[StaffRules.RoleUnknown]);
        }

        if (!state.IsValid)
        {
            return null;
        }

        return new StaffValues(login, input.DisplayName!, title, input.Email, input.ExternalSubject, input.DirectoryId, units!,
            [.. input.Roles.Distinct(StringComparer.Ordinal)], input.AdminScope == StaffChanges.CountyScope, adminUnits);
    }

    private static List<Guid>? Ids(List<string> values)
    {
        var ids = new List<Guid>();
        foreach (var v in values.Where(v => !string.IsNullOrEmpty(v)))
        {
            if (!Guid.TryParseExact(v, "D", out var id))
            {
                return null;
            }

            ids.Add(id);
        }

        return ids;
    }
}
