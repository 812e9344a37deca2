using Microsoft.EntityFrameworkCore;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Training.Data;

namespace Polku.Training.Messages;

/// <summary>One language's text of a message as the coordinator types it, with the version the form was read at (0: never saved).</summary>
internal sealed record MessageTextDraft(string Language, string Subject, string Body, int Version);

/// <summary>One language's text in use: the county's own or the default, and whether it is the county's own.</summary>
internal sealed record EffectiveText(string Language, string Subject, string Body, bool Custom, int Version, string? UpdatedBy, DateTime? UpdatedUtc);

/// <summary>
/// The message texts (issue 16, part 6): a county's own subject and body of an automatic message per language, over the
/// default texts of the i18n files. A text is checked before it is stored (required, length, only the message's own
/// placeholders, well-formed braces), so sending never fails on it; saving is optimistic on each language's version.
/// </summary>
internal sealed class MessageTexts(PolkuDb db, UnitOfWork unit, Texts texts, TimeProvider time)
{
    public const int MaxSubject = 200;
    public const int MaxBody = 4000;

    public string DefaultSubject(TrainingMessageKind kind, string language) => texts.Get(language, kind.TextKey + ".subject");

    public string DefaultBody(TrainingMessageKind kind, string language) => texts.Get(language, kind.TextKey + ".body");

    /// <summary>Names of the messages that have a text of the county's own in some language.</summary>
    public async Task<IReadOnlySet<string>> CustomisedAsync(CancellationToken ct) =>
        (await db.Set<MessageTextOverride>().AsNoTracking().Where(o => o.Subject != "" || o.Body != "").Select(o => o.TextKey).Distinct().ToListAsync(ct)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The texts in use for the message, one per language (fi, sv, en).</summary>
    public async Task<IReadOnlyList<EffectiveText>> TextsAsync(TrainingMessageKind kind, CancellationToken ct)
    {
        var rows = await db.Set<MessageTextOverride>().AsNoTracking().Where(o => o.TextKey == kind.Name).ToListAsync(ct);
        return [.. LocalizedText.Languages.Select(l =>
        {
            var row = rows.FirstOrDefault(r => r.Language == l);
            return Effective(kind, l, row);
        })];
    }

    /// <summary>
    /// The subject and body to send in the language: the county's text when it is there and usable, else the default.
    /// A text that would not format (written past the checks) falls back to the default, never an exception.
    /// </summary>
    public async Task<(string Subject, string Body)> ForSendingAsync(TrainingMessageKind kind, string language, object?[] args, CancellationToken ct)
    {
        var row = await db.Set<MessageTextOverride>().AsNoTracking().FirstOrDefaultAsync(o => o.TextKey == kind.Name && o.Language == language, ct);
        var culture = Language.CultureFor(language);
        var subject = row is { Subject.Length: > 0 } && MessageTemplate.TryFill(culture, row.Subject, kind.Placeholders.Count, args) is { } s ? s : DefaultSubject(kind, language);
        var body = row is { Body.Length: > 0 } && MessageTemplate.TryFill(culture, row.Body, kind.Placeholders.Count, args) is { } b
            ? b
            : MessageTemplate.Fill(culture, DefaultBody(kind, language), args);
        return (subject, body);
    }

    /// <summary>The form field of a part in a language: <c>SubjectFi</c>, <c>BodySv</c> ….</summary>
    public static string FieldName(string part, string language) => part + char.ToUpperInvariant(language[0]) + language[1..];

    /// <summary>The problems of the typed texts, each naming its field (<c>SubjectFi</c>, <c>BodySv</c> …).</summary>
    public static List<Error> Check(TrainingMessageKind kind, IEnumerable<MessageTextDraft> drafts)
    {
        var errors = new List<Error>();
        foreach (var d in drafts)
        {
            foreach (var (part, value, max) in new[] { ("Subject", d.Subject, MaxSubject), ("Body", d.Body, MaxBody) })
            {
                var field = FieldName(part, d.Language);
                if (string.IsNullOrWhiteSpace(value))
                {
                    errors.Add(Error.Validation(MessageTextErrors.Required, field));
                }
                else if (value.Length > max)
                {
                    errors.Add(Error.Validation(MessageTextErrors.TooLong, field));
                }
                else if (MessageTemplate.Check(value, kind.Placeholders.Count) is { } problem)
                {
                    errors.Add(Error.Validation(problem, field));
                }
                else if (part == "Subject" && value.Contains('\n', StringComparison.Ordinal))
                {
                    errors.Add(Error.Validation(MessageTextErrors.Malformed, field));
                }
            }
        }

        return errors;
    }

    /// <summary>
    /// Saves the three languages' texts when each is still at the version the form was read at. A text equal to the
    /// default is stored empty, so it follows the default when that changes.
    /// </summary>
    public async Task<Result<int>> SaveAsync(TrainingMessageKind kind, IReadOnlyList<MessageTextDraft> drafts, Guid by, string byName, CancellationToken ct)
    {
        if (drafts.Count != LocalizedText.Languages.Count || drafts.Any(d => !LocalizedText.Languages.Contains(d.Language)))
        {
            return Error.Validation(MessageTextErrors.Required, "SubjectFi");
        }

        var typed = drafts.Select(d => d with { Subject = Normalise(d.Subject), Body = Normalise(d.Body) }).ToList();
        if (Check(kind, typed) is [var first, ..])
        {
            return first;
        }

        return await WriteAsync(kind, typed.Select(d => d with
        {
            Subject = d.Subject == Normalise(DefaultSubject(kind, d.Language)) ? "" : d.Subject,
            Body = d.Body == Normalise(DefaultBody(kind, d.Language)) ? "" : d.Body,
        }).ToList(), by, byName, ct);
    }

    /// <summary>Back to the default texts in every language (the rows are emptied, their versions checked and raised).</summary>
    public Task<Result<int>> RestoreDefaultAsync(TrainingMessageKind kind, IReadOnlyDictionary<string, int> versions, Guid by, string byName, CancellationToken ct) =>
        WriteAsync(kind, [.. LocalizedText.Languages.Select(l => new MessageTextDraft(l, "", "", versions.GetValueOrDefault(l)))], by, byName, ct);

    private async Task<Result<int>> WriteAsync(TrainingMessageKind kind, IReadOnlyList<MessageTextDraft> drafts, Guid by, string byName, CancellationToken ct)
    {
        try
        {
            return await unit.RunAsync<int>(async c =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                var changed = 0;
                foreach (var d in drafts)
                {
                    if (d.Version == 0)
                    {
                        if (await db.Set<MessageTextOverride>().AnyAsync(o => o.TextKey == kind.Name && o.Language == d.Language, c))
                        {
                            return Error.Conflict(MessageTextErrors.Stale);
                        }

                        db.Set<MessageTextOverride>().Add(new MessageTextOverride
                        {
                            TextKey = kind.Name, Language = d.Language, Subject = d.Subject, Body = d.Body, UpdatedBy = by, UpdatedByName = byName, UpdatedUtc = now, Version = 1,
                        });
                        changed++;
                        continue;
                    }

                    var updated = await db.Set<MessageTextOverride>().Where(o => o.TextKey == kind.Name && o.Language == d.Language && o.Version == d.Version)
                        .ExecuteUpdateAsync(u => u.SetProperty(o => o.Subject, d.Subject).SetProperty(o => o.Body, d.Body).SetProperty(o => o.UpdatedBy, by)
                            .SetProperty(o => o.UpdatedByName, byName).SetProperty(o => o.UpdatedUtc, now).SetProperty(o => o.Version, d.Version + 1), c);
                    if (updated == 0)
                    {
                        return Error.Conflict(MessageTextErrors.Stale);
                    }

                    changed++;
                }

                return changed;
            }, ct);
        }
        catch (DbUpdateException)
        {
            // Two first saves of the same language at once: the primary key lets one in; the other is stale.
            return Error.Conflict(MessageTextErrors.Stale);
        }
    }

    /// <summary>The message filled with the sample values of its placeholders in the language (the preview).</summary>
    public string Preview(TrainingMessageKind kind, string language, string text)
    {
        var culture = Language.CultureFor(language);
        var args = kind.Placeholders.Select(p => (object?)texts.Get(language, "training.msgadmin.sample." + p)).ToArray();
        return MessageTemplate.TryFill(culture, text, kind.Placeholders.Count, args) ?? "";
    }

    private EffectiveText Effective(TrainingMessageKind kind, string language, MessageTextOverride? row) => new(
        language,
        row is { Subject.Length: > 0 } ? row.Subject : DefaultSubject(kind, language),
        row is { Body.Length: > 0 } ? row.Body : DefaultBody(kind, language),
        row is { } r && (r.Subject.Length > 0 || r.Body.Length > 0),
        row?.Version ?? 0,
        row?.UpdatedByName,
        row?.UpdatedUtc);

    /// <summary>Line ends as <c>\n</c> and no trailing white space: a browser posts <c>\r\n</c>.</summary>
    public static string Normalise(string? text) => (text ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
