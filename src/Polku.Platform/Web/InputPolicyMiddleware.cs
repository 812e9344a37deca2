using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Polku.Platform.Results;

namespace Polku.Platform.Web;

/// <summary>
/// Applies <see cref="RequestJson"/>'s reading policy to every request that reached an endpoint, before any handler
/// reads it: query values, form fields and file names must be valid text without NUL, and a JSON body must pass
/// <see cref="RequestJson.Check(ReadOnlySpan{byte}, string?)"/> (it is buffered, at most
/// <see cref="RequestJson.MaxBodyBytes"/>, and handed on unchanged). A refused request is 400 <c>request.invalid</c>
/// (<c>request.text_invalid</c> for NUL, 413 <c>request.too_large</c> for a body over the limit) naming the field:
/// ProblemDetails under <c>/api</c>, the localised 400 page otherwise. It runs after authorisation, so a caller who may
/// not use the endpoint learns nothing about its input.
/// </summary>
public sealed class InputPolicyMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Nothing to read for an unknown route; an error page re-executed for this request never reads its input.
        if (context.GetEndpoint() is null
            || context.Features.Get<IStatusCodeReExecuteFeature>() is not null
            || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            await next(context);
            return;
        }

        if (await CheckAsync(context.Request, context.RequestAborted) is { } error)
        {
            await ApiErrors.RefuseAsync(context, error);
            return;
        }

        await next(context);
    }

    private static async Task<Error?> CheckAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (RequestJson.CheckFields(request.Query) is { } query)
        {
            return query;
        }

        if (request.HasFormContentType)
        {
            // Read with the endpoint's own limits ([RequestFormLimits] on the pages that take attachments): routing
            // has already set up the form reader from the endpoint's metadata.
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken);
            }
            catch (InvalidDataException)
            {
                // Not a readable form (broken multipart, more fields or longer values than the form limits allow).
                return Error.Validation(RequestJson.InvalidCode, "body");
            }

            if (RequestJson.CheckFields(form) is { } field)
            {
                return field;
            }

            foreach (var file in form.Files)
            {
                if (!RequestJson.IsValidText(file.FileName) || !RequestJson.IsValidText(file.ContentType)
                    || RequestJson.HasNul(file.FileName) || RequestJson.HasNul(file.ContentType))
                {
                    return Error.Validation(RequestJson.InvalidCode, file.Name);
                }
            }

            return null;
        }

        if (!request.HasJsonContentType() || request.ContentLength == 0)
        {
            return null;
        }

        // JSON between systems is UTF-8 (RFC 8259); another declared charset would be transcoded before binding, and
        // an unknown one fails deep in the framework.
        if (request.GetTypedHeaders().ContentType?.Charset is { Length: > 0 } charset
            && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("\"utf-8\"", StringComparison.OrdinalIgnoreCase))
        {
            return Error.Validation(RequestJson.InvalidCode, "body");
        }

        var body = await RequestJson.ReadBodyAsync(request, RequestJson.MaxBodyBytes, cancellationToken);
        if (body is null)
        {
            return new Error("request.too_large", "body", StatusCodes.Status413PayloadTooLarge);
        }

        request.Body = new MemoryStream(body, writable: false);
        request.ContentLength = body.Length;
        return body.Length == 0 ? null : RequestJson.Check(body);
    }
}
