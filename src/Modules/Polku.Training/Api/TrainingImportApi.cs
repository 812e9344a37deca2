using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Training.Coordinator;

namespace Polku.Training.Api;

internal sealed record TrainingFieldChangeDto(string Column, string? From, string? To);

internal sealed record TrainingImportChangeDto(int Row, string Type, string Code, string Kind, IReadOnlyList<TrainingFieldChangeDto> Changes);

internal sealed record TrainingImportErrorDto(int Row, string Column, string Code, string Message);

internal sealed record TrainingImportDto(bool DryRun, bool Applied, int Creates, int Updates, int Unchanged,
    IReadOnlyList<TrainingImportChangeDto> Changes, IReadOnlyList<TrainingImportErrorDto> Errors);

/// <summary>The coordinator's import of programmes, courses and groups from CSV (docs/training-import.md).</summary>
internal static class TrainingImportApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/training/admin/import", ImportAsync)
            .WithTags("Training")
            .RequireAuthorization(PolkuRoles.CoordinatorPolicy)
            .AuditExempt("training programmes, courses and groups; no resident data")
            .AcceptsFileUpload()
            .Accepts<string>("text/csv", "multipart/form-data")
            .WithSummary("Imports training programmes, courses and groups from CSV (the coordinator); ?dryRun=true only checks.")
            .WithDescription("One file, the body (text/csv) or a file (multipart, field file): UTF-8 with or without a byte-order mark, ; or , between cells, "
                + "a header line naming the columns (type required; docs/training-import.md). Rows of type programme, course or group; a row whose code "
                + "exists updates it, a new code creates it. A dry run answers 200 with every row's change (create, update with the changed columns, "
                + "unchanged) and every error by row and column with its message in the caller's language. Applying is all or nothing: 200 with "
                + "applied=true, or 422 with the errors and nothing written. Row error codes: training.admin.code_invalid, training.admin.code_taken, "
                + "training.admin.name_required, training.admin.too_long, training.admin.audience_invalid, training.admin.position_invalid, "
                + "training.admin.prerequisite_unknown, training.admin.certificate_kind_unknown, training.admin.validity_invalid, "
                + "training.admin.sessions_required, training.admin.session_invalid, training.admin.place_required, training.admin.url_invalid, "
                + "training.admin.trainer_invalid, training.admin.capacity_invalid, training.admin.capacity_below_taken, training.import.type_invalid, "
                + "training.import.duplicate_code, training.import.programme_unknown, training.import.course_unknown, training.import.boolean_invalid, "
                + "training.import.session_format, training.import.trainer_unknown, training.import.not_for_type; file errors: training.import.not_utf8, "
                + "training.import.empty, training.import.unknown_column, training.import.repeated_column, training.import.missing_column, "
                + "training.import.cell_count, training.import.quote, training.import.too_many_rows (over 5000 rows). "
                + "413 training.import.too_large (over 2 MiB); 401 signed out; 403 not a coordinator.")
            .Produces<TrainingImportDto>(StatusCodes.Status200OK)
            .Produces<TrainingImportDto>(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
    }

    private static async Task<Results<Ok<TrainingImportDto>, UnprocessableEntity<TrainingImportDto>, ProblemHttpResult>> ImportAsync(bool? dryRun, HttpContext context,
        TrainingImport import, Texts texts, CancellationToken ct)
    {
        var upload = await CsvUpload.ReadAsync(context.Request, TrainingCsv.MaxBytes, ct);
        if (upload.TooLarge)
        {
            return ApiErrors.Problem(new Error(TrainingCsv.TooLarge, "body", StatusCodes.Status413PayloadTooLarge), context);
        }

        if (upload.Bytes is not { } bytes)
        {
            return ApiErrors.Validation(context, TrainingCsv.Empty, "file");
        }

        var outcome = await import.ImportAsync(bytes, dryRun == true, ct);
        var dto = Dto(outcome, texts);
        return outcome.DryRun || outcome.Applied ? TypedResults.Ok(dto) : TypedResults.UnprocessableEntity(dto);
    }

    internal static TrainingImportDto Dto(TrainingImportOutcome o, Texts texts) => new(o.DryRun, o.Applied,
        o.Count(TrainingImportKind.Create), o.Count(TrainingImportKind.Update), o.Count(TrainingImportKind.Unchanged),
        [.. o.Changes.Select(c => new TrainingImportChangeDto(c.Row, c.Type, c.Code, c.Kind.ToString().ToLowerInvariant(),
            [.. c.Changes.Select(f => new TrainingFieldChangeDto(f.Column, f.From, f.To))]))],
        [.. o.Errors.Select(e => new TrainingImportErrorDto(e.Row, e.Column, e.Code, texts[e.Code]))]);
}
