using System.Text.Json;
using Polku.Platform.Results;
using Polku.Platform.Security;

namespace Polku.Identity.StaffAdmin;

/// <summary>A professional's account as the rules see it: the row with its units, roles and (for a coordinator) admin scope.</summary>
internal sealed record StaffSnapshot(
    Guid Id, string Login, string DisplayName, string Title, string? Email, string? ExternalSubject, string? DirectoryId, bool Active,
    bool AdminCounty, int Version, IReadOnlyList<Guid> Units, IReadOnlyList<string> Roles, IReadOnlyList<Guid> AdminUnits);

/// <summary>One changed field of the history: its name (<c>staff.field.{name}</c>) and the value before and after.</summary>
internal sealed record FieldChange(string Field, string? From, string? To);

/// <summary>What a change decided: the errors (field and code), or the account afterwards and its changed fields.</summary>
internal sealed record StaffDecision(IReadOnlyList<Error> Errors, StaffSnapshot? After, IReadOnlyList<FieldChange> Changes)
{
    public bool Ok => Errors.Count == 0;

    /// <summary>Whether the change needs the person's sessions ended: their roles or admin scope changed (the session's claims), or they were deactivated.</summary>
    public bool EndsSessions(StaffSnapshot? before) =>
        before is not null && After is not null && Changes.Any(c => c.Field is StaffChanges.RolesField or StaffChanges.AdminScopeField || (c.Field == StaffChanges.ActiveField && !After.Active));
}

/// <summary>
/// The rules of a change to a professional's account that need no database beyond what the caller read (the account,
/// the county's units): the coordinator's scope, the shape of the fields, the roles and units they may give, a
/// coordinator's own account, and which fields changed. The form, the API and the HR import all decide here; what
/// depends on other rows (a login taken) the caller checks.
/// </summary>
internal static class StaffChanges
{
    public const string NotFound = "staff.not_found";
    public const string NotAllowed = "staff.not_allowed";
    public const string RoleNotAllowed = "staff.role_not_allowed";
    public const string UnitUnknown = "staff.unit_unknown";
    public const string UnitOutsideScope = "staff.unit_outside_scope";
    public const string UnitRequired = "staff.unit_required";
    public const string AdminScopeRequired = "staff.admin_scope_required";
    public const string Self = "staff.self";

    public const string LoginField = "login";
    public const string NameField = "name";
    public const string TitleField = "title";
    public const string EmailField = "email";
    public const string ExternalSubjectField = "external_subject";
    public const string DirectoryIdField = "directory_id";
    public const string UnitsField = "units";
    public const string RolesField = "roles";
    public const string AdminScopeField = "admin_scope";
    public const string ActiveField = "active";

    /// <summary>The admin scope as the history writes it: <c>county</c> or the unit ids.</summary>
    public const string CountyScope = "county";

    /// <summary>
    /// Decides a change of <paramref name="before"/> (null: a new account with <paramref name="newId"/>) to
    /// <paramref name="values"/> and <paramref name="active"/> (null: unchanged) by the coordinator of <paramref name="scope"/>.
    /// </summary>
    public static StaffDecision Decide(AdminScope scope, StaffSnapshot? before, Guid newId, StaffValues values, bool? active, IReadOnlySet<Guid> knownUnits)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(knownUnits);
        if (!scope.IsAdmin)
        {
            return Fail(Error.Forbidden(NotAllowed));
        }

        if (before is not null)
        {
            if (!scope.Sees(before.Units))
            {
                // Outside the scope the account does not exist, as far as this coordinator can tell.
                return Fail(Error.NotFound(NotFound));
            }

            if (!scope.Manages(before.Units, before.Roles))
            {
                return Fail(Error.Forbidden(NotAllowed));
            }
        }

        var errors = new List<Error>();
        var login = StaffRules.NormaliseLogin(values.Login);
        foreach (var (field, code) in StaffRules.Check(login, values.DisplayName, values.Title, values.Email, values.ExternalSubject, values.DirectoryId))
        {
            errors.Add(Error.Validation(code, field));
        }

        var roles = values.Roles.Distinct(StringComparer.Ordinal).ToList();
        if (roles.Any(r => !StaffRules.IsRole(r)))
        {
            errors.Add(Error.Validation(StaffRules.RoleUnknown, "Roles"));
        }
        else
        {
            var current = before?.Roles ?? [];
            var touched = roles.Except(current, StringComparer.Ordinal).Concat(current.Except(roles, StringComparer.Ordinal));
            if (touched.Any(r => !scope.CanGrant(r)))
            {
                errors.Add(Error.Validation(RoleNotAllowed, "Roles"));
            }
        }

        var chosen = values.Units.Distinct().ToList();
        if (chosen.Any(u => !knownUnits.Contains(u)))
        {
            errors.Add(Error.Validation(UnitUnknown, "Units"));
        }
        else if (chosen.Any(u => !scope.CanAssign(u)))
        {
            errors.Add(Error.Validation(UnitOutsideScope, "Units"));
        }
        else if (before is null && !scope.County && chosen.Count == 0)
        {
            // A unit-scoped coordinator's new professional must be in one of their units, or it would vanish from their sight.
            errors.Add(Error.Validation(UnitRequired, "Units"));
        }

        var units = before is null ? chosen : scope.MergeUnits(before.Units, chosen);
        var adminCounty = before?.AdminCounty ?? false;
        IReadOnlyList<Guid> adminUnits = before?.AdminUnits ?? [];
        if (scope.CanSetAdminScope)
        {
            if (roles.Contains(PolkuRoles.Coordinator, StringComparer.Ordinal))
            {
                adminCounty = values.AdminCounty;
                adminUnits = adminCounty ? [] : [.. (values.AdminUnits ?? []).Distinct()];
                if (adminUnits.Any(u => !knownUnits.Contains(u)))
                {
                    errors.Add(Error.Validation(UnitUnknown, "AdminUnits"));
                }
                else if (!adminCounty && adminUnits.Count == 0)
                {
                    errors.Add(Error.Validation(AdminScopeRequired, "AdminUnits"));
                }
            }
            else
            {
                adminCounty = false;
                adminUnits = [];
            }
        }

        var isActive = active ?? before?.Active ?? true;
        if (before is not null && before.Id == scope.ActorId)
        {
            // Nobody locks themselves out or raises their own rights: another coordinator does that.
            if (!SameSet(before.Roles, roles) || before.AdminCounty != adminCounty || !SameSet(before.AdminUnits, adminUnits))
            {
                errors.Add(Error.Validation(Self, "Roles"));
            }

            if (!isActive)
            {
                errors.Add(Error.Validation(Self, "Active"));
            }
        }

        if (errors.Count > 0)
        {
            return new StaffDecision(errors, null, []);
        }

        var after = new StaffSnapshot(
            before?.Id ?? newId, login, values.DisplayName.Trim(), (values.Title ?? "").Trim(), StaffRules.Blank(values.Email),
            StaffRules.Blank(values.ExternalSubject), StaffRules.Blank(values.DirectoryId), isActive, adminCounty, before?.Version ?? 0,
            [.. units.Order()], [.. roles.Order(StringComparer.Ordinal)], [.. adminUnits.Order()]);
        return new StaffDecision([], after, Diff(before, after));
    }

    /// <summary>The fields that differ; for a new account every field that has a value.</summary>
    public static IReadOnlyList<FieldChange> Diff(StaffSnapshot? before, StaffSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<FieldChange>();
        void Compare(string field, string? from, string? to)
        {
            if (!string.Equals(from ?? "", to ?? "", StringComparison.Ordinal))
            {
                changes.Add(new FieldChange(field, from, to));
            }
        }

        Compare(LoginField, before?.Login, after.Login);
        Compare(NameField, before?.DisplayName, after.DisplayName);
        Compare(TitleField, before?.Title, after.Title);
        Compare(EmailField, before?.Email, after.Email);
        Compare(ExternalSubjectField, before?.ExternalSubject, after.ExternalSubject);
        Compare(DirectoryIdField, before?.DirectoryId, after.DirectoryId);
        Compare(UnitsField, List(before?.Units), List(after.Units));
        Compare(RolesField, List(before?.Roles), List(after.Roles));
        Compare(AdminScopeField, before is null ? null : Scope(before), Scope(after));
        if (before is not null && before.Active != after.Active)
        {
            changes.Add(new FieldChange(ActiveField, before.Active ? "true" : "false", after.Active ? "true" : "false"));
        }

        return changes;
    }

    /// <summary>The history's JSON of the changed fields.</summary>
    public static string ToJson(IReadOnlyList<FieldChange> changes) => JsonSerializer.Serialize(changes, JsonOptions);

    public static IReadOnlyList<FieldChange> FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<FieldChange>>(json, JsonOptions) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static string? Scope(StaffSnapshot s) => s.AdminCounty ? CountyScope : s.AdminUnits.Count == 0 ? null : List(s.AdminUnits);

    private static string? List<T>(IEnumerable<T>? values) =>
        values is null ? null : string.Join('|', values.Select(v => v!.ToString()).Order(StringComparer.Ordinal));

    private static bool SameSet<T>(IEnumerable<T> a, IEnumerable<T> b) => a.ToHashSet().SetEquals(b);

    private static StaffDecision Fail(Error error) => new([error], null, []);
}
