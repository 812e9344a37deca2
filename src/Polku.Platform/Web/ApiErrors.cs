using Microsoft.AspNetCore.Http;
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

    public static IResult Problem(Error error, HttpContext context)
    {
        var problem = ToProblemDetails(error, context);
        return TypedResults.Problem(problem);
    }

    public static IResult Validation(HttpContext context, string code, string field) => Problem(Error.Validation(code, field), context);
}
