using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Contacts.Chat;
using Polku.Contacts.Contracts;
using Polku.Contacts.Feedback;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Contacts.Api;

internal sealed record FeedbackTransactionBody(string? Kind, Guid? Id);

internal sealed record FeedbackBody(FeedbackTransactionBody? Transaction, int? Score, string? Text, Dictionary<string, string?>? Answers, bool? Skip);

internal sealed record FeedbackGivenDto(Guid Id, string Kind, Guid TransactionId, bool Skipped);

/// <summary>Feedback after a transaction over HTTP (spec 05): once per transaction, skippable, anonymous to the control tower.</summary>
internal static class FeedbackApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/feedback", GiveAsync).WithTags("Feedback")
            .AuditExempt("feedback is stored without a person; the transaction's own access rules decide who may answer")
            .RequireRateLimiting(RateLimitPolicies.AnonymousSubmission)
            .WithSummary("Feedback on a finished transaction: {\"transaction\":{\"kind\":\"appointment\",\"id\":\"…\"},\"score\":9,\"text\":\"…\"}, or {\"skip\":true}.")
            .WithDescription("Kinds: assessment, appointment, chat, message. Score 0–10 (NPS); text at most 2000 characters; answers: the service's extra "
                + "questions by id (scale 1–5, yes/no, text). 409 feedback.already_given for a second answer (or after a skip); 404 when the transaction is "
                + "unknown, not finished or not the caller's (an anonymous chat needs its X-Chat-Token).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>The caller as the feedback sources see them: the resident (or the ward they act for) and a chat token if any.</summary>
    internal static FeedbackCaller Caller(HttpContext context, string? kind, Guid id) =>
        new(context.User.EffectiveResidentId(), kind == "chat" ? ChatCookie.TokenFor(context.Request, id) : null);

    private static async Task<Results<Created<FeedbackGivenDto>, ProblemHttpResult>> GiveAsync(FeedbackBody? body, HttpContext context, FeedbackService feedback,
        CancellationToken ct)
    {
        if (body?.Transaction is not { Kind: { } kind, Id: { } id })
        {
            return ApiErrors.Validation(context, "feedback.transaction_required", "transaction");
        }

        var result = await feedback.GiveAsync(kind, id, Caller(context, kind, id),
            new FeedbackInput(body.Score, body.Text, body.Answers, body.Skip == true, Language.Current), ct);
        if (result.Error is { } error)
        {
            return ApiErrors.Problem(error, context);
        }

        var row = result.Value!;
        return TypedResults.Created((string?)null, new FeedbackGivenDto(row.Id, row.Kind, row.SubjectId, row.Skipped));
    }
}
