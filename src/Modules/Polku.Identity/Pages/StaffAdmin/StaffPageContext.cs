using Microsoft.AspNetCore.Mvc.ModelBinding;
using Polku.Identity.StaffAdmin;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Region.Contracts;

namespace Polku.Identity.Pages.StaffAdmin;

/// <summary>What the staff pages show beside the data: names of units, roles and titles in the reader's language, and errors on fields.</summary>
internal static class StaffPageText
{
    public static string Title(Texts texts, string title) =>
        title.Length == 0 ? "" : texts.Has("identity.staff_title." + title) ? texts["identity.staff_title." + title] : title;

    public static string Role(Texts texts, string role) => texts.Has("identity.role." + role) ? texts["identity.role." + role] : role;

    public static string Units(IReadOnlyDictionary<Guid, UnitInfo> units, IEnumerable<Guid> ids) =>
        string.Join(", ", ids.Select(id => units.TryGetValue(id, out var u) ? u.Name.Get(Language.Current) : null).OfType<string>().Order(StringComparer.CurrentCulture));

    /// <summary>A service failure on its field of the form (<c>Input.{field}</c>), or on the whole form.</summary>
    public static void Show(ModelStateDictionary state, Texts texts, Error error) =>
        state.AddModelError(error.Field is { } field ? "Input." + field : "", texts[error.Code]);

    /// <summary>A value of the history in the reader's words: units and roles by name, the scope, the state.</summary>
    public static string Value(Texts texts, IReadOnlyDictionary<Guid, UnitInfo> units, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return texts["staff.value.empty"];
        }

        return field switch
        {
            StaffChanges.UnitsField => Units(units, Ids(value)),
            StaffChanges.AdminScopeField => value == StaffChanges.CountyScope ? texts["staff.admin_scope.county"] : Units(units, Ids(value)),
            StaffChanges.RolesField => string.Join(", ", value.Split('|').Select(r => Role(texts, r))),
            StaffChanges.TitleField => Title(texts, value),
            StaffChanges.ActiveField => value == "true" ? texts["staff.admin.active"] : texts["staff.admin.inactive"],
            _ => value,
        };
    }

    private static IEnumerable<Guid> Ids(string value) =>
        value.Split('|').Select(v => Guid.TryParse(v, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty);
}
