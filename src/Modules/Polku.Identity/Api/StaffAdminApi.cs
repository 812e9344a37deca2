using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Identity.StaffAdmin;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Region.Contracts;

namespace Polku.Identity.Api;

internal sealed record StaffDto(string Id, string Login, string Name, string Title, bool Active, IReadOnlyList<string> Units, IReadOnlyList<string> Roles);

internal sealed record StaffListDto(int Total, int Page, int PageSize, IReadOnlyList<StaffDto> Items);

internal sealed record StaffFieldChangeDto(string Field, string? From, string? To);

internal sealed record StaffImportRowDto(int Line, string Login, string Kind, IReadOnlyList<StaffFieldChangeDto> Changes);

internal sealed record StaffImportErrorDto(int Line, string Column, string Code, string Message);

internal sealed record StaffImportDto(bool DryRun, bool Applied, int Creates, int Updates, int Deactivations, int Reactivations, int Unchanged,
    IReadOnlyList<StaffImportRowDto> Rows, IReadOnlyList<StaffImportErrorDto> Errors);

/// <summary>
/// Staff administration over HTTP: the professionals within the caller's scope, and the HR import. Units are given by
/// their codes and roles by theirs; a unit-scoped coordinator gets only their units' staff and may import only rows
/// within their scope.
/// </summary>
internal static class StaffAdminApi
{
    public const string QueryInvalid = "staff.query_invalid";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/admin/staff").WithTags("Staff administration").RequireAuthorization(StaffAdminAccess.Policy)
            .AuditExempt(StaffAdminAccess.AuditReason);
        api.MapGet("/", ListAsync)
            .WithSummary("The professionals within the caller's admin scope, 25 a page: ?q=words&unit=hs-638&role=professional&status=active|inactive|all&page=1.")
            .WithDescription("Words match name, login, title, e-mail and the names of titles, units and roles in any language. 400 staff.query_invalid (field q, status or page), staff.unit_unknown (unit), staff.role_unknown (role); 403 staff.not_allowed for a coordinator without a scope.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapPost("/import", ImportAsync)
            .AcceptsFileUpload()
            .Accepts<string>("text/csv", "multipart/form-data")
            .WithSummary("Imports professionals from the HR system's CSV (login;name;title;email;directory_id;units;roles;active), as the body (text/csv) or a file (multipart). ?dryRun=true only checks.")
            .WithDescription("UTF-8 with or without a byte-order mark; ; or , between cells; a header line names the columns (login and name required, any order); units and roles are |-separated codes. "
                + "A dry run answers 200 with every row's change (create, update with the changed fields, deactivate, reactivate, unchanged) and every error by line. "
                + "Applying is all or nothing: 200 with applied=true, or 400 with the errors and nothing written. "
                + "Row error codes: staff.login_invalid, staff.name_required, staff.too_long, staff.text_invalid, staff.email_invalid, staff.role_unknown, staff.role_not_allowed, "
                + "staff.unit_unknown, staff.unit_outside_scope, staff.unit_required, staff.admin_scope_required, staff.self, staff.not_allowed, staff.import.outside_scope, "
                + "staff.import.duplicate_login, staff.import.duplicate_directory_id, staff.import.duplicate_external_subject, staff.directory_id_taken, staff.external_subject_taken, "
                + "staff.import.active_invalid; file errors: staff.import.not_utf8, staff.import.empty, staff.import.unknown_column, staff.import.repeated_column, "
                + "staff.import.missing_column, staff.import.cell_count, staff.import.quote, staff.import.too_many_rows. 413 staff.import.too_large (over 2 MiB); 403 staff.not_allowed.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    private static async Task<Results<Ok<StaffListDto>, ProblemHttpResult>> ListAsync(string? q, string? unit, string? role, string? status, string? page,
        HttpContext context, StaffAdministration admin, IUnitDirectory units, CancellationToken ct)
    {
        if (context.User.PersonId() is not { } actor)
        {
            return ApiErrors.Problem(Error.Forbidden(StaffChanges.NotAllowed), context);
        }

        if (q is { Length: > StaffQuery.MaxTextLength })
        {
            return ApiErrors.Validation(context, QueryInvalid, "q");
        }

        var status_ = string.IsNullOrEmpty(status) ? StaffQuery.Active : status;
        if (!StaffQuery.Statuses.Contains(status_, StringComparer.Ordinal))
        {
            return ApiErrors.Validation(context, QueryInvalid, "status");
        }

        var number = 1;
        if (!string.IsNullOrEmpty(page) && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number < 1))
        {
            return ApiErrors.Validation(context, QueryInvalid, "page");
        }

        var all = await units.ListAsync(ct);
        Guid? unitId = null;
        if (!string.IsNullOrEmpty(unit))
        {
            if (all.FirstOrDefault(u => string.Equals(u.Code, unit, StringComparison.OrdinalIgnoreCase)) is not { } found)
            {
                return ApiErrors.Validation(context, StaffChanges.UnitUnknown, "unit");
            }

            unitId = found.Id;
        }

        if (!string.IsNullOrEmpty(role) && !StaffRules.IsRole(role))
        {
            return ApiErrors.Validation(context, StaffRules.RoleUnknown, "role");
        }

        var result = await admin.ListAsync(actor, new StaffQuery(q, unitId, string.IsNullOrEmpty(role) ? null : role, status_, number), ct);
        if (result.Error is { } error)
        {
            return ApiErrors.Problem(error, context);
        }

        var codes = all.ToDictionary(u => u.Id, u => u.Code);
        var list = result.Value!;
        return TypedResults.Ok(new StaffListDto(list.Total, list.Page, list.PageSize,
            [.. list.Items.Select(s => new StaffDto(s.Id.ToString("D"), s.Login, s.Name, s.Title, s.Active,
                [.. s.Units.Select(u => codes.GetValueOrDefault(u, "")).Where(c => c.Length > 0).Order(StringComparer.Ordinal)], s.Roles))]));
    }

    private static async Task<Results<Ok<StaffImportDto>, BadRequest<StaffImportDto>, ProblemHttpResult>> ImportAsync(bool? dryRun, HttpContext context,
        StaffImport import, Texts texts, CancellationToken ct)
    {
        if (context.User.PersonId() is not { } actor)
        {
            return ApiErrors.Problem(Error.Forbidden(StaffChanges.NotAllowed), context);
        }

        var tooLarge = new Error(StaffCsv.TooLarge, "body", StatusCodes.Status413PayloadTooLarge);
        var upload = await CsvUpload.ReadAsync(context.Request, StaffCsv.MaxBytes, ct);
        if (upload.TooLarge)
        {
            return ApiErrors.Problem(tooLarge, context);
        }

        if (upload.Bytes is not { } bytes)
        {
            return ApiErrors.Validation(context, StaffCsv.Empty, "file");
        }

        var outcome = await import.ImportAsync(actor, bytes, dryRun == true, "import", ct);
        if (outcome.Errors.Any(e => e.Code == StaffChanges.NotAllowed && e.Line == 0))
        {
            return ApiErrors.Problem(Error.Forbidden(StaffChanges.NotAllowed), context);
        }

        var dto = Dto(outcome, texts);
        return outcome.DryRun || outcome.Applied ? TypedResults.Ok(dto) : TypedResults.BadRequest(dto);
    }

    internal static StaffImportDto Dto(StaffImportOutcome o, Texts texts) => new(o.DryRun, o.Applied,
        o.Count(StaffImportKind.Create), o.Count(StaffImportKind.Update), o.Count(StaffImportKind.Deactivate), o.Count(StaffImportKind.Reactivate),
        o.Count(StaffImportKind.Unchanged),
        [.. o.Rows.Select(r => new StaffImportRowDto(r.Line, r.Login, r.Kind.ToString().ToLowerInvariant(),
            [.. r.Changes.Select(c => new StaffFieldChangeDto(c.Field, c.From, c.To))]))],
        [.. o.Errors.Select(e => new StaffImportErrorDto(e.Line, e.Column, e.Code, texts[e.Code]))]);
}
