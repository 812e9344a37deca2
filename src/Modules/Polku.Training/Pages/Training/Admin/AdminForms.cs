using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Time;
using Polku.Training.Coordinator;
using Polku.Training.Data;

namespace Polku.Training.Pages.Training.Admin;

/// <summary>A programme as its form posts it: text, so that whatever was typed comes back.</summary>
internal sealed class ProgrammeInput
{
    public int Version { get; set; }
    public string? Code { get; set; }
    public string? NameFi { get; set; }
    public string? NameSv { get; set; }
    public string? NameEn { get; set; }
    public string? DescriptionFi { get; set; }
    public string? DescriptionSv { get; set; }
    public string? DescriptionEn { get; set; }

    /// <summary>"true" when checked; a tampered value is simply "not checked".</summary>
    public string? Published { get; set; }
    public string? Organisations { get; set; }
    public string? Units { get; set; }
    public string? Titles { get; set; }

    public static ProgrammeInput From(Programme p, IReadOnlyList<ProgrammeAudience> audience)
    {
        string Values(string kind) => string.Join(", ", audience.Where(a => a.Kind == kind).Select(a => a.Value).Order(StringComparer.Ordinal));
        return new()
        {
            Version = p.Version, Code = p.Code, NameFi = p.NameFi, NameSv = p.NameSv, NameEn = p.NameEn, DescriptionFi = p.DescriptionFi,
            DescriptionSv = p.DescriptionSv, DescriptionEn = p.DescriptionEn, Published = p.Published ? "true" : null,
            Organisations = Values(AudienceKinds.Organisation), Units = Values(AudienceKinds.Unit), Titles = Values(AudienceKinds.Title),
        };
    }

    public ProgrammeDraft Draft() => new((Code ?? "").Trim(), NameFi ?? "", NameSv ?? "", NameEn ?? "", DescriptionFi ?? "", DescriptionSv ?? "", DescriptionEn ?? "",
        Published == "true", Organisations ?? "", Units ?? "", Titles ?? "");
}

/// <summary>A course as its form posts it.</summary>
internal sealed class CourseInput
{
    public string? Code { get; set; }
    public string? NameFi { get; set; }
    public string? NameSv { get; set; }
    public string? NameEn { get; set; }
    public string? Position { get; set; }
    public List<string> Prerequisites { get; set; } = [];
    public string? CertificateKind { get; set; }
    public string? ValidityMonths { get; set; }
    public string? IsRenewal { get; set; }

    public static CourseInput From(Course c, IReadOnlyList<string> prerequisites) => new()
    {
        Code = c.Code, NameFi = c.NameFi, NameSv = c.NameSv, NameEn = c.NameEn, Position = c.Position.ToString(CultureInfo.InvariantCulture),
        Prerequisites = [.. prerequisites], CertificateKind = c.CertificateKind, ValidityMonths = c.ValidityMonths?.ToString(CultureInfo.InvariantCulture),
        IsRenewal = c.IsRenewal ? "true" : null,
    };

    /// <summary>The draft; a number that is not a number is put on its field (and the draft gets a value the rules refuse anyway).</summary>
    public CourseDraft Draft(ModelStateDictionary state, Texts texts)
    {
        var position = AdminForms.Number(Position, "Input.Position", CoordinatorErrors.PositionInvalid, state, texts) ?? 0;
        var validity = string.IsNullOrWhiteSpace(ValidityMonths) ? null : AdminForms.Number(ValidityMonths, "Input.ValidityMonths", CoordinatorErrors.ValidityInvalid, state, texts);
        return new CourseDraft((Code ?? "").Trim(), NameFi ?? "", NameSv ?? "", NameEn ?? "", position, [.. Prerequisites.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p.Trim()).Distinct(StringComparer.Ordinal)],
            string.IsNullOrWhiteSpace(CertificateKind) ? null : CertificateKind.Trim(), validity, IsRenewal == "true");
    }
}

/// <summary>One session row of the group form: a Helsinki date and wall-clock start and end.</summary>
internal sealed class SessionInput
{
    public string? Date { get; set; }
    public string? Start { get; set; }
    public string? End { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Date) && string.IsNullOrWhiteSpace(Start) && string.IsNullOrWhiteSpace(End);
}

/// <summary>A group as its form posts it.</summary>
internal sealed class GroupInput
{
    /// <summary>Rows of sessions the form offers; empty rows are ignored.</summary>
    public const int SessionRows = 6;

    public string? Code { get; set; }
    public List<SessionInput> Sessions { get; set; } = [];
    public string? RoomId { get; set; }
    public string? Place { get; set; }
    public string? OnlineUrl { get; set; }
    public string? TrainerStaffId { get; set; }
    public string? Capacity { get; set; }
    public string? Mandatory { get; set; }

    /// <summary>Pads (or cuts) the rows to <see cref="SessionRows"/> for showing the form.</summary>
    public GroupInput Padded()
    {
        Sessions = [.. Sessions.Take(SessionRows)];
        while (Sessions.Count < SessionRows)
        {
            Sessions.Add(new SessionInput());
        }

        return this;
    }

    public static GroupInput From(CourseGroup g, IReadOnlyList<GroupSession> sessions, IReadOnlyList<TrainingRoom> rooms) => new GroupInput
    {
        Code = g.Code,
        Sessions = [.. sessions.Select(s =>
        {
            var start = HelsinkiTime.ToLocal(new DateTimeOffset(s.StartUtc, TimeSpan.Zero));
            var end = HelsinkiTime.ToLocal(new DateTimeOffset(s.EndUtc, TimeSpan.Zero));
            return new SessionInput { Date = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Start = start.ToString("HH:mm", CultureInfo.InvariantCulture), End = end.ToString("HH:mm", CultureInfo.InvariantCulture) };
        })],
        RoomId = RoomRegister.Matching(rooms, g.Place)?.Id.ToString("D"), Place = g.Place, OnlineUrl = g.OnlineUrl, TrainerStaffId = g.TrainerStaffId?.ToString("D"),
        Capacity = g.Capacity.ToString(CultureInfo.InvariantCulture), Mandatory = g.Mandatory ? "true" : null,
    }.Padded();

    /// <summary>
    /// The draft. Rows that cannot be read, an unknown room, a trainer that is not an id and a capacity that is not a
    /// number are put on their fields here; the rest is <see cref="ProgrammeAdministration.CheckGroupAsync"/>'s to judge.
    /// A chosen room fills the place with its name and address.
    /// </summary>
    public GroupDraft Draft(IReadOnlyList<TrainingRoom> activeRooms, ModelStateDictionary state, Texts texts)
    {
        var sessions = new List<SessionDraft>();
        foreach (var row in Sessions.Take(SessionRows).Where(r => !r.IsEmpty))
        {
            if (AdminForms.Date(row.Date) is { } date && AdminForms.Time(row.Start) is { } start && AdminForms.Time(row.End) is { } end)
            {
                sessions.Add(new SessionDraft(date, start, end));
            }
            else if (!state.ContainsKey("Input.Sessions") || state["Input.Sessions"]!.Errors.Count == 0)
            {
                state.AddModelError("Input.Sessions", texts[AdminForms.SessionUnreadable]);
            }
        }

        var place = Place;
        if (!string.IsNullOrWhiteSpace(RoomId))
        {
            if (Guid.TryParse(RoomId, out var roomId) && activeRooms.FirstOrDefault(r => r.Id == roomId) is { } room)
            {
                place = room.Place;
                Place = place;
            }
            else
            {
                state.AddModelError("Input.RoomId", texts[RoomRegister.RoomNotFound]);
            }
        }

        Guid? trainer = null;
        if (!string.IsNullOrWhiteSpace(TrainerStaffId))
        {
            if (Guid.TryParse(TrainerStaffId, out var id))
            {
                trainer = id;
            }
            else
            {
                state.AddModelError("Input.TrainerStaffId", texts[CoordinatorErrors.TrainerInvalid]);
            }
        }

        var capacity = AdminForms.Number(Capacity, "Input.Capacity", CoordinatorErrors.CapacityInvalid, state, texts) ?? 0;
        return new GroupDraft((Code ?? "").Trim(), sessions, place, OnlineUrl, trainer, capacity, Mandatory == "true");
    }
}

/// <summary>A room as its form posts it.</summary>
internal sealed class RoomInput
{
    public string? Name { get; set; }
    public string? Address { get; set; }
    public string? Capacity { get; set; }
    public string? Active { get; set; }

    public static RoomInput From(TrainingRoom r) => new()
    {
        Name = r.Name, Address = r.Address, Capacity = r.Capacity?.ToString(CultureInfo.InvariantCulture), Active = r.Active ? "true" : null,
    };

    public RoomDraft Draft(ModelStateDictionary state, Texts texts)
    {
        var capacity = string.IsNullOrWhiteSpace(Capacity) ? (int?)null : AdminForms.Number(Capacity, "Input.Capacity", CoordinatorErrors.CapacityInvalid, state, texts) ?? 0;
        return new RoomDraft(Name ?? "", Address ?? "", capacity, Active == "true");
    }
}

internal static class AdminForms
{
    public const string SessionUnreadable = "training.admin.forms.session_unreadable";
    public const string DateUnreadable = "training.admin.forms.date_unreadable";

    /// <summary>The result of <see cref="CheckThenSaveAsync"/> for a form whose messages are already on its fields (never shown).</summary>
    private const string FormInvalid = "training.admin.forms.invalid";

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "d.M.yyyy"];
    private static readonly string[] TimeFormats = ["HH:mm", "H:mm", "HH.mm", "H.mm", "HH:mm:ss"];

    /// <summary>A whole number as typed, or null with the message on the field.</summary>
    public static int? Number(string? text, string key, string code, ModelStateDictionary state, Texts texts)
    {
        if (int.TryParse((text ?? "").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        state.AddModelError(key, texts[code]);
        return null;
    }

    /// <summary>A date as a date field sends it (2027-03-15) or as typed in Finnish (15.3.2027); years 2000–2100 only.</summary>
    public static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact((text ?? "").Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) && date.Year is >= 2000 and <= 2100
            ? date
            : null;

    /// <summary>A wall-clock time as a time field sends it (09:00) or typed (9.00, 9:00).</summary>
    public static TimeOnly? Time(string? text) =>
        TimeOnly.TryParseExact((text ?? "").Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    /// <summary>
    /// The post of a create or edit form: every rule's failure is shown with the form's own messages (not only the
    /// first), and only a form without any is saved; a failed save (someone changed it meanwhile, a code taken in
    /// between) is shown too, unless it is a 404 that the page answers itself. The result's error is null when saved.
    /// </summary>
    public static async Task<Result<Guid>> CheckThenSaveAsync(ModelStateDictionary state, Texts texts, Func<Task<List<Error>>> check, Func<Task<Result<Guid>>> save)
    {
        ArgumentNullException.ThrowIfNull(check);
        ArgumentNullException.ThrowIfNull(save);
        Show(state, texts, await check());
        if (!state.IsValid)
        {
            return Error.Validation(FormInvalid, "");
        }

        var saved = await save();
        if (saved.Error is { Status: not 404 } error)
        {
            Show(state, texts, [error]);
        }

        return saved;
    }

    /// <summary>The answer to a form's post: to <paramref name="then"/> when saved, 404 when what it changes is gone, else the form again with its messages.</summary>
    public static IActionResult Answer(PageModel page, Result<Guid> saved, Func<Guid, string> then)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(then);
        return saved.Error switch
        {
            null => new RedirectResult(then(saved.Value)),
            { Status: 404 } => page.NotFound(),
            _ => page.Page(),
        };
    }

    /// <summary>Shows the rules' failures on their fields (prefixed), except where the form already put its own message.</summary>
    public static void Show(ModelStateDictionary state, Texts texts, IEnumerable<Error> errors, string prefix = "Input.")
    {
        foreach (var error in errors)
        {
            var key = error.Field is { Length: > 0 } f ? prefix + f : "";
            if (key.Length > 0 && state.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                continue;
            }

            state.AddModelError(key, texts[error.Code]);
        }
    }
}
