using System.Globalization;
using Polku.Platform.Results;
using Polku.Platform.Time;

using Polku.ServiceManagement.Domain;

namespace Polku.ServiceManagement.Notices;

/// <summary>disruption (a current disruption) or planned (a maintenance window announced beforehand).</summary>
internal static class NoticeKinds
{
    public const string Disruption = "disruption";
    public const string Planned = "planned";
    public static readonly IReadOnlyList<string> All = [Disruption, Planned];
}

/// <summary>draft → published → ended.</summary>
internal static class NoticeStates
{
    public const string Draft = "draft";
    public const string Published = "published";
    public const string Ended = "ended";
    public static readonly IReadOnlyList<string> All = [Draft, Published, Ended];
}

/// <summary>A notice's texts and times after validation; times are UTC instants.</summary>
internal sealed record NoticeValues(string Kind, string? ServiceId, string TitleFi, string TitleSv, string TitleEn, string BodyFi, string BodySv, string BodyEn,
    DateTime StartsUtc, DateTime? EndsUtc);

/// <summary>
/// The notice form as typed: three titles and bodies (plain text, shown as text), the kind, an optional service and
/// the start and optional end as Helsinki date (yyyy-mm-dd or d.m.yyyy) and time (hh:mm or hh.mm).
/// </summary>
public sealed class NoticeInput
{
    public const int MaxTitle = 200;
    public const int MaxBody = 4000;

    public string? Kind { get; set; }
    public string? Service { get; set; }
    public string? TitleFi { get; set; }
    public string? TitleSv { get; set; }
    public string? TitleEn { get; set; }
    public string? BodyFi { get; set; }
    public string? BodySv { get; set; }
    public string? BodyEn { get; set; }
    public string? StartDate { get; set; }
    public string? StartTime { get; set; }
    public string? EndDate { get; set; }
    public string? EndTime { get; set; }

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d.M.yyyy"];
    private static readonly string[] TimeFormats = ["HH:mm", "H:mm", "HH.mm", "H.mm"];

    /// <summary>
    /// Checks the input against the known services; every problem is an error naming its field (the property name)
    /// with a stable code whose text is localised.
    /// </summary>
    internal (NoticeValues? Values, IReadOnlyList<Error> Errors) Validate(IReadOnlySet<string> services)
    {
        var errors = new List<Error>();
        var kind = Kind?.Trim() ?? "";
        if (!NoticeKinds.All.Contains(kind))
        {
            errors.Add(Error.Validation("sm.notices.error.kind", nameof(Kind)));
        }

        var service = string.IsNullOrWhiteSpace(Service) ? null : Service.Trim();
        if (service is not null && !services.Contains(service))
        {
            errors.Add(Error.Validation("sm.notices.error.service", nameof(Service)));
        }

        var titleFi = Title(TitleFi, nameof(TitleFi), errors);
        var titleSv = Title(TitleSv, nameof(TitleSv), errors);
        var titleEn = Title(TitleEn, nameof(TitleEn), errors);
        var bodyFi = Body(BodyFi, nameof(BodyFi), errors);
        var bodySv = Body(BodySv, nameof(BodySv), errors);
        var bodyEn = Body(BodyEn, nameof(BodyEn), errors);

        var starts = Moment(StartDate, StartTime, nameof(StartDate), nameof(StartTime), required: true, errors);
        var ends = Moment(EndDate, EndTime, nameof(EndDate), nameof(EndTime), required: false, errors);
        if (starts is { } s && ends is { } e && e <= s)
        {
            errors.Add(Error.Validation("sm.notices.error.end_before_start", nameof(EndDate)));
        }

        if (kind == NoticeKinds.Planned && ends is null && !errors.Any(x => x.Field is nameof(EndDate) or nameof(EndTime)))
        {
            errors.Add(Error.Validation("sm.notices.error.planned_end", nameof(EndDate)));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new NoticeValues(kind, service, titleFi, titleSv, titleEn, bodyFi, bodySv, bodyEn, starts!.Value, ends), errors);
    }

    /// <summary>The form filled from a stored notice (Helsinki wall-clock times).</summary>
    internal static NoticeInput From(Data.Notice n) => new()
    {
        Kind = n.Kind, Service = n.ServiceId, TitleFi = n.TitleFi, TitleSv = n.TitleSv, TitleEn = n.TitleEn,
        BodyFi = n.BodyFi, BodySv = n.BodySv, BodyEn = n.BodyEn,
        StartDate = Date(n.StartsUtc), StartTime = Time(n.StartsUtc),
        EndDate = n.EndsUtc is { } e ? Date(e) : null, EndTime = n.EndsUtc is { } e2 ? Time(e2) : null,
    };

    private static string Date(DateTime utc) => Local(utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Time(DateTime utc) => Local(utc).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static DateTime Local(DateTime utc) => HelsinkiTime.ToLocal(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    private static string Title(string? text, string field, List<Error> errors) => PlainText.Title(text, MaxTitle, field, "sm.notices.error", errors);

    private static string Body(string? text, string field, List<Error> errors) => PlainText.Body(text, MaxBody, field, "sm.notices.error", errors);

    private static DateTime? Moment(string? dateText, string? timeText, string dateField, string timeField, bool required, List<Error> errors)
    {
        var d = dateText?.Trim() ?? "";
        var t = timeText?.Trim() ?? "";
        if (d.Length == 0 && t.Length == 0)
        {
            if (required)
            {
                errors.Add(Error.Validation("sm.notices.error.start_required", dateField));
            }

            return null;
        }

        var ok = true;
        if (!DateOnly.TryParseExact(d, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            || date.Year is < 2000 or > 2199)
        {
            errors.Add(Error.Validation("sm.notices.error.date", dateField));
            ok = false;
        }

        if (!TimeOnly.TryParseExact(t, TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            errors.Add(Error.Validation("sm.notices.error.time", timeField));
            ok = false;
        }

        return ok ? HelsinkiTime.ToInstant(date, time).UtcDateTime : null;
    }
}
