using System.Globalization;
using Polku.Platform.Results;

namespace Polku.Training.Messages;

/// <summary>
/// One automatic message: its name (in the coordinator's address), the key of its default texts
/// (<c>{TextKey}.subject</c>, <c>{TextKey}.body</c>) and its placeholders in order — <c>{0}</c> is the first. The senders
/// pass the arguments in this order; the coordinator's texts may use exactly these placeholders.
/// </summary>
internal sealed record TrainingMessageKind(string Name, string TextKey, IReadOnlyList<string> Placeholders);

/// <summary>
/// Every automatic message of the module, in one place: the senders (<see cref="TrainingMessages.SendAsync"/> callers)
/// name their kind from here, and the coordinator's list of message texts is this list.
/// </summary>
internal static class TrainingMessageKinds
{
    public const string Course = "course";
    public const string Start = "start";
    public const string Position = "position";
    public const string Place = "place";
    public const string Code = "code";
    public const string ValidUntil = "valid_until";
    public const string CertificateKind = "certificate";
    public const string Expires = "expires";

    public static readonly TrainingMessageKind Enrolled = new("enrolled", "training.message.enrolled", [Course, Start]);
    public static readonly TrainingMessageKind Waiting = new("waiting", "training.message.waiting", [Course, Start, Position]);
    public static readonly TrainingMessageKind Promoted = new("promoted", "training.message.promoted", [Course, Start]);
    public static readonly TrainingMessageKind Cancelled = new("cancelled", "training.message.cancelled", [Course, Start]);
    public static readonly TrainingMessageKind Reminder5d = new("reminder_5d", "training.message.reminder_5d", [Course, Start, Place]);
    public static readonly TrainingMessageKind Reminder24h = new("reminder_24h", "training.message.reminder_24h", [Course, Start, Place]);
    public static readonly TrainingMessageKind Certificate = new("certificate", "training.message.certificate", [Course, Code, ValidUntil]);
    public static readonly TrainingMessageKind Expiry = new("expiry", "training.message.expiry", [CertificateKind, Expires]);

    /// <summary>In the order a trainee meets them.</summary>
    public static readonly IReadOnlyList<TrainingMessageKind> All = [Enrolled, Waiting, Promoted, Cancelled, Reminder5d, Reminder24h, Certificate, Expiry];

    /// <summary>The kind by its name (<c>enrolled</c>, <c>reminder_24h</c> …), or null.</summary>
    public static TrainingMessageKind? Find(string? name) => All.FirstOrDefault(k => string.Equals(k.Name, name, StringComparison.Ordinal));

    /// <summary>The kind by its name; for the senders, whose names are fixed in code.</summary>
    public static TrainingMessageKind Named(string name) => Find(name) ?? throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown training message.");
}

/// <summary>
/// Checks and fills a message text: <c>{n}</c> with n one of the message's placeholders, <c>{{</c> and <c>}}</c> for
/// braces. A text that passes <see cref="Check"/> never throws in <see cref="Fill"/>; a text that would (written to the
/// database by hand) is not used — <see cref="TryFill"/> says so and the caller sends the default.
/// </summary>
internal static class MessageTemplate
{
    /// <summary>The first problem of the text: <see cref="MessageTextErrors.Malformed"/> or <see cref="MessageTextErrors.UnknownPlaceholder"/>; null when it is fine.</summary>
    public static string? Check(string text, int placeholders)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '}')
            {
                if (i + 1 < text.Length && text[i + 1] == '}')
                {
                    i++;
                    continue;
                }

                return MessageTextErrors.Malformed;
            }

            if (c != '{')
            {
                continue;
            }

            if (i + 1 < text.Length && text[i + 1] == '{')
            {
                i++;
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            if (close < 0)
            {
                return MessageTextErrors.Malformed;
            }

            var inside = text.AsSpan(i + 1, close - i - 1);
            if (inside.Length is 0 or > 3 || !inside.ToString().All(char.IsAsciiDigit))
            {
                return MessageTextErrors.Malformed;
            }

            if (int.Parse(inside, NumberStyles.None, CultureInfo.InvariantCulture) >= placeholders)
            {
                return MessageTextErrors.UnknownPlaceholder;
            }

            i = close;
        }

        return null;
    }

    /// <summary>The text with its placeholders filled, or null when the text is not a valid template for so many arguments.</summary>
    public static string? TryFill(CultureInfo culture, string text, int placeholders, object?[] args)
    {
        if (Check(text, placeholders) is not null || args.Length < placeholders)
        {
            return null;
        }

        return Fill(culture, text, args);
    }

    public static string Fill(CultureInfo culture, string text, object?[] args) => string.Format(culture, text, args);
}

/// <summary>Stable error codes of the message texts and group messages (keys of the localised texts).</summary>
internal static class MessageTextErrors
{
    public const string Required = "training.msgadmin.required";
    public const string TooLong = "training.msgadmin.too_long";
    public const string Malformed = "training.msgadmin.malformed";
    public const string UnknownPlaceholder = "training.msgadmin.unknown_placeholder";
    public const string Stale = "training.msgadmin.stale";
    public const string NotFound = "training.msgadmin.not_found";
    public const string AudienceInvalid = "training.msgadmin.audience_invalid";
    public const string NoRecipients = "training.msgadmin.no_recipients";
    public const string FormExpired = "training.msgadmin.form_expired";

    public static Error Field(string code, string field) => Error.Validation(code, field);
}
