using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Platform.Web;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Domain.Sla;

namespace Polku.ServiceManagement.Api;

/// <summary>A due-time question: the start (ISO 8601 with an offset), the target in service minutes and the calendar code.</summary>
internal sealed record SlaDueRequest(string? Start, int? Minutes, string? Calendar);

/// <summary>The due time, ISO 8601 with the Helsinki offset of that instant.</summary>
internal sealed record SlaDueDto(string Due);

internal sealed record PriorityDto(string Priority);

/// <summary>The SLA clock and the priority matrix over HTTP, for the service desk (spec 06).</summary>
internal static partial class SlaApi
{
    /// <summary>The largest target the API computes: a year of minutes.</summary>
    public const int MaxMinutes = 525_600;

    public const string StartRequired = "sm.sla.error.start_required";
    public const string StartInvalid = "sm.sla.error.start";
    public const string MinutesInvalid = "sm.sla.error.minutes";
    public const string CalendarInvalid = "sm.sla.error.calendar";

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/service-management").WithTags("Service management").RequireAuthorization(PolkuRoles.ServiceDeskPolicy);
        api.MapPost("/sla/due", Due).AuditExempt("calendar arithmetic without any person")
            .WithSummary("When a target of service minutes is due: {\"start\":\"2025-06-19T15:30:00+03:00\",\"minutes\":240,\"calendar\":\"office\"} → {\"due\":\"2025-06-23T11:30:00+03:00\"}.")
            .WithDescription("Calendars: office (Mon–Fri 08:00–16:00 Europe/Helsinki; Finnish public holidays, Midsummer Eve and Christmas Eve closed) and 24x7. "
                + "The start needs an offset (or Z) and a year 2000–2199; minutes 1–525600. The due time has the Helsinki offset of its instant. "
                + "400 names every field at fault under errors (codes) and messages (localised).")
            .Produces<SlaDueDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        api.MapGet("/priority", PriorityAsync).AuditExempt("reads the priority table, no person")
            .WithSummary("The priority (P1–P4) seed 002's table gives: ?impact=wide&urgency=normal → {\"priority\":\"P2\"}.")
            .WithDescription("Impact: wide, significant, limiting, local. Urgency: critical, serious, normal, minor. 400 sm.sla.error.impact or sm.sla.error.urgency for other codes.")
            .Produces<PriorityDto>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    /// <summary>The instant as ISO 8601 with the Helsinki offset in force at it.</summary>
    public static string Iso(DateTimeOffset instant) =>
        HelsinkiTime.InHelsinki(instant).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static Results<Ok<SlaDueDto>, ProblemHttpResult> Due(SlaDueRequest? body, HttpContext context, Texts texts)
    {
        var errors = new List<Error>();
        DateTimeOffset start = default;
        if (string.IsNullOrWhiteSpace(body?.Start))
        {
            errors.Add(Error.Validation(StartRequired, "start"));
        }
        else if (!TryStart(body.Start, out start))
        {
            errors.Add(Error.Validation(StartInvalid, "start"));
        }

        if (body?.Minutes is not (>= 1 and <= MaxMinutes))
        {
            errors.Add(Error.Validation(MinutesInvalid, "minutes"));
        }

        if (!ServiceCalendar.IsKnown(body?.Calendar))
        {
            errors.Add(Error.Validation(CalendarInvalid, "calendar"));
        }

        if (errors.Count > 0)
        {
            return ApiErrors.Problem(errors[0], context, p =>
            {
                p.Extensions["errors"] = errors.ToDictionary(e => e.Field!, e => new[] { e.Code });
                p.Extensions["messages"] = errors.ToDictionary(e => e.Field!, e => texts[e.Code]);
            });
        }

        var due = SlaClock.Due(start, body!.Minutes!.Value, body.Calendar!, [], start);
        return TypedResults.Ok(new SlaDueDto(Iso(due)));
    }

    private static async Task<Results<Ok<PriorityDto>, ProblemHttpResult>> PriorityAsync(string? impact, string? urgency, HttpContext context, PriorityMatrix matrix,
        CancellationToken ct)
    {
        var result = await matrix.PriorityAsync(impact, urgency, ct);
        return result.Error is { } error ? ApiErrors.Problem(error, context) : TypedResults.Ok(new PriorityDto(result.Value!));
    }

    /// <summary>An ISO 8601 date and time with an explicit offset (or Z) in the years 2000–2199.</summary>
    internal static bool TryStart(string text, out DateTimeOffset start)
    {
        start = default;
        text = text.Trim();
        if (text.Length > 40 || !IsoWithOffset().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed)
            || parsed.UtcDateTime.Year is < 2000 or > 2199)
        {
            return false;
        }

        start = parsed;
        return true;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant, 100)]
    private static partial Regex IsoWithOffset();
}
