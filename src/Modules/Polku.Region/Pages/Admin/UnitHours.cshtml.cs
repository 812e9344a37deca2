using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Time;
using Polku.Region.Administration;
using Polku.Region.Data;
using Polku.Region.Domain;

namespace Polku.Region.Pages.Admin;

/// <summary>A unit's weekly opening hours, its date exceptions and, for orientation, the coming public holidays.</summary>
[AuditExempt("county configuration, no personal data")]
internal sealed class UnitHoursModel(RegionAdmin admin, RegionAdminViews views, Texts texts, TimeProvider time) : PageModel
{
    /// <summary>How far ahead an exception may be entered.</summary>
    public const int MaxYearsAhead = 5;

    /// <summary>Monday first, as a Finnish week is shown.</summary>
    public static readonly IReadOnlyList<DayOfWeek> WeekDays =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private static readonly string[] TimeFormats = ["HH:mm", "H:mm", "HH:mm:ss"];

    public string Code { get; private set; } = "";
    public LocalizedText UnitName { get; private set; } = new("", "", "");
    public bool OpenOnHolidays { get; private set; }
    public bool Saved { get; private set; }
    public DateOnly Today { get; private set; }
    public IReadOnlyList<OpeningExceptionRow> Upcoming { get; private set; } = [];
    public IReadOnlyList<NonWorkingDay> Holidays { get; private set; } = [];

    [BindProperty]
    public WeekInput Week { get; set; } = new();

    [BindProperty]
    public ExceptionInput NewException { get; set; } = new();

    public sealed class WeekInput
    {
        /// <summary>Seven days, Monday first.</summary>
        public List<DayInput> Days { get; set; } = [];
    }

    public sealed class DayInput
    {
        public string? Open1 { get; set; }
        public string? Close1 { get; set; }
        public string? Open2 { get; set; }
        public string? Close2 { get; set; }
    }

    public sealed class ExceptionInput
    {
        public string? Date { get; set; }
        /// <summary>"true" when the checkbox is checked; a string, so that a tampered value is simply "not checked".</summary>
        public string? Closed { get; set; }

        public bool IsClosed => Closed == "true";
        public string? Opens { get; set; }
        public string? Closes { get; set; }
        public string? Note { get; set; }
    }

    /// <summary>The model-state key (and element id) of one time field of the weekly form.</summary>
    public static string Key(int day, string field) => $"day{day}-{field}";

    /// <summary>A period as shown to the coordinator; a closing time of 00:00 is midnight.</summary>
    public static string Format(TimeOnly open, TimeOnly close) =>
        open.ToString("HH:mm", CultureInfo.InvariantCulture) + "–" + (close == TimeOnly.MinValue ? "24:00" : close.ToString("HH:mm", CultureInfo.InvariantCulture));

    public async Task<IActionResult> OnGetAsync(string code, bool saved, CancellationToken ct)
    {
        var unit = await FindAsync(code, ct);
        if (unit is null)
        {
            return NotFound();
        }

        Saved = saved;
        await LoadAsync(unit, loadWeek: true, ct);
        return Page();
    }

    /// <summary>Replaces the weekly pattern.</summary>
    public async Task<IActionResult> OnPostAsync(string code, CancellationToken ct)
    {
        var unit = await FindAsync(code, ct);
        if (unit is null)
        {
            return NotFound();
        }

        while (Week.Days.Count < 7)
        {
            Week.Days.Add(new DayInput());
        }

        Week.Days = Week.Days.Take(7).ToList();
        var periods = new List<OpeningPeriod>();
        for (var i = 0; i < 7; i++)
        {
            var day = Week.Days[i];
            var first = ParsePeriod(i, WeekDays[i], day.Open1, day.Close1, "open1", "close1");
            var second = ParsePeriod(i, WeekDays[i], day.Open2, day.Close2, "open2", "close2");
            if (first is not null && second is not null && Overlap(first, second))
            {
                ModelState.AddModelError(Key(i, "open2"), texts["region.admin.periods_overlap"]);
            }

            periods.AddRange(new[] { first, second }.OfType<OpeningPeriod>());
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(unit, loadWeek: false, ct);
            return Page();
        }

        // The old pattern goes and the new one comes in one unit of work.
        await admin.ReplaceWeekAsync(unit.Id, periods, ct);
        return RedirectToPage("/Admin/UnitHours", new { code = unit.Code, saved = "true" });
    }

    /// <summary>Adds an exception on one date: closed, or open at other hours.</summary>
    public async Task<IActionResult> OnPostAddExceptionAsync(string code, CancellationToken ct)
    {
        var unit = await FindAsync(code, ct);
        if (unit is null)
        {
            return NotFound();
        }

        Today = HelsinkiTime.LocalDate(time.GetUtcNow());
        var input = NewException;
        DateOnly date = default;
        if (string.IsNullOrWhiteSpace(input.Date))
        {
            ModelState.AddModelError("NewException.Date", texts["error.required"]);
        }
        else if (!DateOnly.TryParseExact(input.Date.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            ModelState.AddModelError("NewException.Date", texts["error.invalid_date"]);
        }
        else if (date < Today || date > Today.AddYears(MaxYearsAhead))
        {
            ModelState.AddModelError("NewException.Date", texts["region.admin.exception_date_range", MaxYearsAhead]);
        }

        TimeOnly? opens = null, closes = null;
        if (!input.IsClosed)
        {
            opens = ParseTime(input.Opens, "NewException.Opens", required: true);
            closes = ParseTime(input.Closes, "NewException.Closes", required: true);
            if (opens is { } o && closes is { } c && OpeningPeriod.Problem(o, c) is { } problem)
            {
                ModelState.AddModelError("NewException.Closes", texts["region.admin." + problem]);
            }
        }

        var errors = new List<(string Field, string Code)>();
        RegionRules.OptionalText(errors, "Note", input.Note, 200);
        foreach (var (field, error) in errors)
        {
            ModelState.AddModelError("NewException." + field, texts[error]);
        }

        if (ModelState.IsValid)
        {
            // The check for an existing exception on the date and the insert are one unit of work.
            var added = await admin.AddExceptionAsync(unit.Id, new ExceptionValues(
                date, input.IsClosed, opens, closes, string.IsNullOrWhiteSpace(input.Note) ? null : input.Note.Trim()), ct);
            if (added.Error is { } error)
            {
                AdminForm.Show(ModelState, texts, error, "NewException.");
            }
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(unit, loadWeek: true, ct);
            return Page();
        }

        return RedirectToPage("/Admin/UnitHours", new { code = unit.Code, saved = "true" });
    }

    public async Task<IActionResult> OnPostDeleteExceptionAsync(string code, Guid id, CancellationToken ct)
    {
        var unit = await FindAsync(code, ct);
        if (unit is null)
        {
            return NotFound();
        }

        await admin.DeleteExceptionAsync(unit.Id, id, ct);
        return RedirectToPage("/Admin/UnitHours", new { code = unit.Code, saved = "true" });
    }

    /// <summary>What the unit does on a holiday: an exception, the weekly hours, or closed.</summary>
    public string HolidayStatus(DateOnly date)
    {
        if (Upcoming.FirstOrDefault(e => e.Date == date) is { } e)
        {
            return e.Closed || e.Opens is null || e.Closes is null
                ? texts["region.admin.holiday_closed_by_exception"]
                : texts["region.admin.holiday_open_by_exception", Format(e.Opens.Value, e.Closes.Value)];
        }

        return OpenOnHolidays ? texts["region.admin.holiday_weekly_hours"] : texts["region.admin.holiday_closed"];
    }

    private Task<Unit?> FindAsync(string code, CancellationToken ct) => views.UnitAsync(code, ct);

    private async Task LoadAsync(Unit unit, bool loadWeek, CancellationToken ct)
    {
        Code = unit.Code;
        UnitName = unit.Name;
        OpenOnHolidays = unit.OpenOnHolidays;
        Today = HelsinkiTime.LocalDate(time.GetUtcNow());
        var today = Today;
        Upcoming = await views.ExceptionsFromAsync(unit.Id, today, ct);
        Holidays = [.. FinnishCalendar.Between(today, today.AddYears(1).AddDays(-1))];
        if (!loadWeek)
        {
            return;
        }

        var rows = await views.WeeklyPeriodsAsync(unit.Id, ct);
        Week = new WeekInput();
        foreach (var day in WeekDays)
        {
            var periods = rows.Where(r => r.Weekday == (int)day).OrderBy(r => r.Opens).ToList();
            Week.Days.Add(new DayInput
            {
                Open1 = periods.Count > 0 ? Time(periods[0].Opens) : null,
                Close1 = periods.Count > 0 ? Time(periods[0].Closes) : null,
                Open2 = periods.Count > 1 ? Time(periods[1].Opens) : null,
                Close2 = periods.Count > 1 ? Time(periods[1].Closes) : null,
            });
        }
    }

    private static string Time(TimeOnly t) => t.ToString("HH:mm", CultureInfo.InvariantCulture);

    private OpeningPeriod? ParsePeriod(int index, DayOfWeek day, string? openText, string? closeText, string openField, string closeField)
    {
        if (string.IsNullOrWhiteSpace(openText) && string.IsNullOrWhiteSpace(closeText))
        {
            return null;
        }

        var open = ParseTime(openText, Key(index, openField), required: true);
        var close = ParseTime(closeText, Key(index, closeField), required: true);
        if (open is null || close is null)
        {
            return null;
        }

        if (OpeningPeriod.Problem(day, open.Value, close.Value) is { } problem)
        {
            ModelState.AddModelError(Key(index, closeField), texts["region.admin." + problem]);
            return null;
        }

        return new OpeningPeriod(day, open.Value, close.Value);
    }

    private TimeOnly? ParseTime(string? text, string key, bool required)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                ModelState.AddModelError(key, texts["error.required"]);
            }

            return null;
        }

        if (TimeOnly.TryParseExact(text.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var t))
        {
            return t;
        }

        ModelState.AddModelError(key, texts["error.invalid_time"]);
        return null;
    }

    private static bool Overlap(OpeningPeriod a, OpeningPeriod b)
    {
        static TimeSpan End(OpeningPeriod p) => p.Close == TimeOnly.MinValue ? TimeSpan.FromDays(1) : p.Close.ToTimeSpan();
        return a.Open.ToTimeSpan() < End(b) && b.Open.ToTimeSpan() < End(a);
    }
}
