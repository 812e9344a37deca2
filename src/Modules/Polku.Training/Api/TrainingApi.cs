using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Training.Catalogue;
using Polku.Training.Certificates;
using Polku.Training.Contracts;
using Polku.Training.Enrolment;
using Polku.Training.Exams;

namespace Polku.Training.Api;

internal sealed record AudienceDto(string Kind, string Value);

internal sealed record ProgrammeDto(string Code, string Name, string Description, int Courses, IReadOnlyList<AudienceDto> Audience, string Url);

/// <summary>Optional body of an enrolment: <c>{"waitingList": true}</c> (the same as <c>?waitingList=true</c>).</summary>
internal sealed record EnrolRequest(bool? WaitingList);

internal sealed record EnrolmentDto(Guid EnrolmentId, Guid GroupId, string Status, int? Position);

/// <summary>An exam attempt: question id → the keys of the chosen answers.</summary>
internal sealed record AttemptRequest(Dictionary<Guid, string[]>? Answers);

internal sealed record CertificateDto(string Kind, string VerificationCode, DateTimeOffset Issued, DateTimeOffset? Expires, string VerifyUrl);

internal sealed record AttemptDto(int Number, int Score, int MaxScore, bool Passed, int PassPercent, int? AttemptsLeft, CertificateDto? Certificate);

internal sealed record VerificationDto(bool Valid, bool Expired, string Holder, string Course, DateTimeOffset? Expires);

/// <summary>
/// The training API under <c>/api/training</c>: programme search, enrolment (with the waiting list), exam attempts for
/// staff, and the anonymous certificate check. Errors are ProblemDetails with a stable <c>code</c>.
/// </summary>
internal static class TrainingApi
{
    private const string NoResidentData = "training of professionals, no resident's data";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/training").WithTags("Training");
        var staff = api.MapGroup("").RequireAuthorization(PolkuRoles.StaffPolicy);
        staff.MapGet("/programmes", SearchAsync).AuditExempt(NoResidentData)
            .WithSummary("Training programmes offered to staff")
            .WithDescription("Published programmes whose code or name (any language) contains ?q=, for ?organisation=, ?unit= (unit code) and ?title= "
                + "(professional title such as nurse); a programme without an audience of a kind is for everyone of it. Names in ?lang=fi|sv|en. At most 100. "
                + "Errors: 400 training.search_too_long.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        staff.MapPost("/groups/{id:guid}/enrolments", EnrolAsync).AuditExempt(NoResidentData)
            .WithSummary("Enrol the signed-in professional in a course group")
            .WithDescription("201 with the place when one is free (decided by one conditional update, never more than the capacity). When the group is full: "
                + "409 training.group_full with waitingListAvailable: true and waitingListRequest naming how to ask; repeat with ?waitingList=true (or body "
                + "{\"waitingList\": true}) for 202 with the waiting-list position. Other errors: 404 training.group_not_found, 409 training.order (an earlier "
                + "course of the programme is not taken), 409 training.prerequisite_missing, 409 training.already_enrolled, 409 training.group_started.")
            .Accepts<EnrolRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        staff.MapPost("/exams/{id:guid}/attempts", AttemptAsync).AuditExempt(NoResidentData)
            .WithSummary("Submit an exam attempt; graded at once")
            .WithDescription("Body {answers: {questionId: [choice keys]}}. A question counts when exactly its right choices are chosen; passing issues the "
                + "course's certificate (in the answer) and sends it by e-mail. Errors: 400 training.exam.unanswered, 404 training.exam.not_found, 409 "
                + "training.exam.not_enrolled, training.exam.not_yet (the group's last session has not ended), training.exam.nothing_to_renew, "
                + "training.exam.already_passed, training.exam.no_attempts_left, training.exam.retake_wait, training.exam.attempt_conflict.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        api.MapGet("/certificates/verify/{code}", VerifyAsync).AuditExempt(NoResidentData).AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.AnonymousSubmission)
            .WithSummary("Check a certificate's verification code (no sign-in)")
            .WithDescription("Whether the certificate is valid or expired, the holder's name, the course (?lang=fi|sv|en) and the expiry — nothing else. "
                + "Spaces, dashes and case are ignored. 404 training.certificate_not_found for an unknown code.")
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Results<Ok<IReadOnlyList<ProgrammeDto>>, ProblemHttpResult>> SearchAsync(string? q, string? organisation, string? unit, string? title,
        HttpContext context, CatalogueQueries catalogue, CancellationToken ct)
    {
        foreach (var (name, value) in new[] { ("q", q), ("organisation", organisation), ("unit", unit), ("title", title) })
        {
            if (value is { Length: > ProgrammeSearch.MaxLength })
            {
                return ApiErrors.Problem(Error.Validation("training.search_too_long", name), context);
            }
        }

        var found = await catalogue.SearchAsync(new ProgrammeSearch(q, organisation, unit, title), Language.Current, ct);
        return TypedResults.Ok<IReadOnlyList<ProgrammeDto>>([.. found.Select(p => new ProgrammeDto(p.Code, p.Name, p.Description, p.Courses,
            [.. p.Audience.Select(a => new AudienceDto(a.Kind, a.Value))], TrainingRoutes.Programme(p.Code)))]);
    }

    private static async Task<Results<Created<EnrolmentDto>, Accepted<EnrolmentDto>, ProblemHttpResult>> EnrolAsync(Guid id, bool? waitingList,
        [FromBody] EnrolRequest? request, HttpContext context, EnrolmentService enrolments, CancellationToken ct)
    {
        if (context.User.PersonId() is not { } me)
        {
            return ApiErrors.Problem(Error.Forbidden(), context);
        }

        var result = await enrolments.EnrolAsync(me, id, waitingList ?? request?.WaitingList ?? false, ct);
        if (result.Error is { } error)
        {
            if (error.Code == EnrolmentErrors.GroupFull)
            {
                return ApiErrors.Problem(error, context, p =>
                {
                    p.Extensions["waitingListAvailable"] = true;
                    p.Extensions["waitingListRequest"] = $"POST /api/training/groups/{id:D}/enrolments?waitingList=true";
                });
            }

            return ApiErrors.Problem(error, context);
        }

        var o = result.Value!;
        var dto = new EnrolmentDto(o.EnrolmentId, o.GroupId, o.Status, o.Position);
        return o.Status == Data.EnrolmentStatuses.Waiting
            ? TypedResults.Accepted(TrainingRoutes.MyTraining, dto)
            : TypedResults.Created(TrainingRoutes.Group(o.GroupId), dto);
    }

    private static async Task<Results<Ok<AttemptDto>, ProblemHttpResult>> AttemptAsync(Guid id, AttemptRequest request, HttpContext context, ExamService exams,
        PublicSite site, CancellationToken ct)
    {
        if (context.User.PersonId() is not { } me)
        {
            return ApiErrors.Problem(Error.Forbidden(), context);
        }

        var answers = (request.Answers ?? []).ToDictionary(a => a.Key, a => (IReadOnlySet<string>)(a.Value ?? []).Where(v => v is not null).ToHashSet(StringComparer.Ordinal));
        var result = await exams.SubmitAsync(id, me, answers, ct);
        if (result.Error is { } error)
        {
            return ApiErrors.Problem(error, context);
        }

        var r = result.Value!;
        return TypedResults.Ok(new AttemptDto(r.Number, r.Score, r.MaxScore, r.Passed, r.PassPercent, r.AttemptsLeft, r.Certificate is { } c
            ? new CertificateDto(c.Kind, c.VerificationCode, Utc(c.IssuedUtc), c.ExpiresUtc is { } e ? Utc(e) : null, site.Url(TrainingRoutes.VerifyCode(c.VerificationCode)))
            : null));
    }

    private static async Task<Results<Ok<VerificationDto>, ProblemHttpResult>> VerifyAsync(string code, HttpContext context, CertificateQueries certificates, CancellationToken ct)
    {
        if (await certificates.VerifyAsync(code, ct) is not { } v)
        {
            return ApiErrors.Problem(Error.NotFound("training.certificate_not_found"), context);
        }

        return TypedResults.Ok(new VerificationDto(v.Valid, v.Expired, v.Holder, v.Course(Language.Current), v.ExpiresUtc is { } e ? Utc(e) : null));
    }

    private static DateTimeOffset Utc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
