using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Platform.Web;

/// <summary>
/// What an exception that escaped a handler means for the caller. Input the framework could not read (a body that is
/// not JSON, too large, a value that does not bind) and text the database cannot store are the caller's errors (4xx);
/// everything else is unexpected (500). The API always answers ProblemDetails, 500 included, without exception
/// details; pages get the localised error page with the same status.
/// </summary>
public static class ExceptionProblems
{
    public const string UnexpectedCode = "error.unexpected";

    /// <summary>The caller's error that the exception stands for, or null when it is unexpected.</summary>
    public static Error? Classify(Exception exception) => exception switch
    {
        UnstorableTextException => new Error("request.text_invalid", null, StatusCodes.Status400BadRequest),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new Error("request.too_large", "body", StatusCodes.Status413PayloadTooLarge),
        BadHttpRequestException bad => new Error(RequestJson.InvalidCode, bad.InnerException is JsonException { Path: { Length: > 0 } path } ? Field(path) : null, bad.StatusCode),
        _ => null,
    };

    /// <summary>The status of the answer to an exception (for the exception handler's status selector).</summary>
    public static int StatusOf(Exception exception) => Classify(exception)?.Status ?? StatusCodes.Status500InternalServerError;

    /// <summary>The caller's errors are expected and not logged as failures; unexpected ones are.</summary>
    public static bool IsExpected(Exception exception) => Classify(exception) is not null;

    /// <summary>
    /// A serializer path ("$.window.from") as a field name ("window.from"); the root ("$", a body that is not the
    /// object the endpoint binds) is "body", as <see cref="RequestJson"/> names a body that is not JSON at all.
    /// </summary>
    private static string Field(string path)
    {
        var field = path.TrimStart('$').TrimStart('.');
        return field.Length == 0 ? "body" : field;
    }
}

/// <summary>
/// First for every exception that escaped a handler: discards the request's unsaved changes, then answers API
/// requests with ProblemDetails and leaves pages to the HTML error page.
/// </summary>
internal sealed class ProblemExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // The audit rows of what the request touched are still written when the error response starts, with the
        // request's own context: the failed unit of work (text that cannot be stored, a half-done change) must not be
        // saved with them, nor fail that save again.
        context.RequestServices.GetService<PolkuDb>()?.ChangeTracker.Clear();

        // By now the middleware has pointed the request at the error page; the feature keeps the path that failed.
        var path = context.Features.Get<IExceptionHandlerFeature>()?.Path is { Length: > 0 } failed ? new PathString(failed) : context.Request.Path;
        if (!path.StartsWithSegments("/api") || context.Response.HasStarted)
        {
            return false;
        }

        var error = ExceptionProblems.Classify(exception) ?? new Error(ExceptionProblems.UnexpectedCode, null, StatusCodes.Status500InternalServerError);
        var problem = ApiErrors.ToProblemDetails(error, context);
        problem.Instance = path;
        context.Response.StatusCode = error.Status;
        await context.Response.WriteAsJsonAsync(problem, (JsonSerializerOptions?)null, "application/problem+json", cancellationToken);
        return true;
    }
}
