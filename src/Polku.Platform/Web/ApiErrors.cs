using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Localization;
using Polku.Platform.Results;

namespace Polku.Platform.Web;

/// <summary>The one place that turns an expected failure into an HTTP answer: ProblemDetails with a stable code.</summary>
public static class ApiErrors
{
    public static ProblemDetails ToProblemDetails(Error error, HttpContext context)
    {
        var texts = context.RequestServices.GetRequiredService<Texts>();
        var problem = new ProblemDetails
        {
            Status = error.Status,
            Type = $"urn:polku:error:{error.Code}",
            Title = texts.Has(error.Code) ? texts[error.Code] : texts["error.title"],
            Instance = context.Request.Path,
        };
        problem.Extensions["code"] = error.Code;
        if (error.Field is not null)
        {
            problem.Extensions["field"] = error.Field;
            problem.Extensions["errors"] = new Dictionary<string, string[]> { [error.Field] = [error.Code] };
        }

        return problem;
    }

    /// <summary>
    /// The error as an endpoint's typed result (<c>application/problem+json</c>). Its status comes from the error, so an
    /// endpoint that returns it also declares the statuses it can answer with <c>.ProducesProblem(…)</c>.
    /// </summary>
    public static ProblemHttpResult Problem(Error error, HttpContext context) => TypedResults.Problem(ToProblemDetails(error, context));

    /// <summary>The error with members of its own added to the ProblemDetails (the nearest free slots, the answers at fault).</summary>
    public static ProblemHttpResult Problem(Error error, HttpContext context, Action<ProblemDetails> extend)
    {
        ArgumentNullException.ThrowIfNull(extend);
        var problem = ToProblemDetails(error, context);
        extend(problem);
        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Validation(HttpContext context, string code, string field) => Problem(Error.Validation(code, field), context);

    /// <summary>Whether the request is for the JSON API, whose every answer (errors included) is JSON.</summary>
    public static bool IsApi(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Request.Path.StartsWithSegments("/api");
    }

    /// <summary>Writes the error as an <c>application/problem+json</c> response.</summary>
    public static Task WriteAsync(HttpContext context, Error error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        context.Response.StatusCode = error.Status;
        return context.Response.WriteAsJsonAsync(ToProblemDetails(error, context), (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }

    /// <summary>
    /// Refuses a request outside any handler: ProblemDetails for the API; for pages only the status, which the
    /// status-code pages turn into the localised error page.
    /// </summary>
    public static Task RefuseAsync(HttpContext context, Error error)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(error);
        if (IsApi(context))
        {
            return WriteAsync(context, error);
        }

        context.Items[RefusedItem] = error;
        context.Response.StatusCode = error.Status;
        return Task.CompletedTask;
    }

    /// <summary>Where <see cref="RefuseAsync"/> leaves the error for the error page that the status-code pages show.</summary>
    public const string RefusedItem = "polku.refused";
}
