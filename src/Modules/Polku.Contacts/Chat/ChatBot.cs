using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Contracts;
using Polku.Assessments.Contracts;
using Polku.Contacts.Chat.Bot;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Region.Contracts;

namespace Polku.Contacts.Chat;

/// <summary>What the bot did with a message.</summary>
internal enum BotTurnKind
{
    Answer,
    RedFlag,
    Handover,
    NoAnswer,
}

/// <summary>The bot's answer to one message, in the session's language, with its links resolved to Polku addresses.</summary>
internal sealed record BotTurn(BotTurnKind Kind, string Code, string Text, string? EntryId, IReadOnlyList<ChatLink> Links);

/// <summary>The FAQ in use: its version and the matcher built from it (built once per version, shared by all requests).</summary>
internal sealed class FaqCache
{
    private (int Version, FaqMatcher Matcher)? _current;
    private readonly Lock _gate = new();

    public FaqMatcher For(int version, Func<FaqMatcher> build)
    {
        lock (_gate)
        {
            if (_current is { } c && c.Version == version)
            {
                return c.Matcher;
            }

            var matcher = build();
            _current = (version, matcher);
            return matcher;
        }
    }
}

/// <summary>
/// The county's chatbot FAQ, versioned in the database: the highest version is in use, a coordinator publishes a new one
/// (validated first), and the demo county's content (<c>content/chat/faq.json</c>) is version 1.
/// </summary>
internal sealed class FaqStore(PolkuDb db, FaqCache cache, TimeProvider time, UnitOfWork unit)
{
    public const int MaxContentLength = 1_000_000;

    public static string DemoContent()
    {
        using var stream = typeof(FaqStore).Assembly.GetManifestResourceStream("chat/faq.json")
            ?? throw new InvalidOperationException("The demo FAQ content/chat/faq.json is not embedded.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public async Task<FaqMatcher> CurrentAsync(CancellationToken ct)
    {
        var version = await db.Set<ChatFaqVersion>().AsNoTracking().OrderByDescending(v => v.Version).Select(v => (int?)v.Version).FirstOrDefaultAsync(ct);
        if (version is not { } v)
        {
            return cache.For(0, () => new FaqMatcher(FaqDocument.Parse(DemoContent())));
        }

        var content = cache.For(v, () => new FaqMatcher(FaqDocument.Parse(
            db.Set<ChatFaqVersion>().AsNoTracking().Where(x => x.Version == v).Select(x => x.Content).First())));
        return content;
    }

    public async Task<IReadOnlyList<ChatFaqVersion>> VersionsAsync(CancellationToken ct) =>
        await db.Set<ChatFaqVersion>().AsNoTracking().OrderByDescending(v => v.Version)
            .Select(v => new ChatFaqVersion { Id = v.Id, Version = v.Version, Note = v.Note, CreatedUtc = v.CreatedUtc, CreatedByName = v.CreatedByName })
            .Take(50).ToListAsync(ct);

    public async Task<string> CurrentContentAsync(CancellationToken ct) =>
        await db.Set<ChatFaqVersion>().AsNoTracking().OrderByDescending(v => v.Version).Select(v => v.Content).FirstOrDefaultAsync(ct) ?? DemoContent();

    /// <summary>
    /// Publishes a new version after checking it parses (<c>chat.faq_invalid</c> with the parser's message otherwise).
    /// Two coordinators publishing at once cannot both get the same number: the version is unique.
    /// </summary>
    public async Task<Result<int>> PublishAsync(string? content, string? note, Guid? staffId, string? staffName, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(content) || content.Length > MaxContentLength)
        {
            return Error.Validation("chat.faq_invalid", "content");
        }

        try
        {
            FaqDocument.Parse(content);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            return Error.Validation("chat.faq_invalid", "content");
        }

        return await unit.RunAsync(async ct =>
        {
            var next = 1 + (await db.Set<ChatFaqVersion>().MaxAsync(v => (int?)v.Version, ct) ?? 0);
            db.Set<ChatFaqVersion>().Add(new ChatFaqVersion
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()),
                Version = next,
                Content = content,
                Note = note is { Length: > 500 } ? note[..500] : note,
                CreatedUtc = time.GetUtcNow().UtcDateTime,
                CreatedBy = staffId,
                CreatedByName = staffName,
            });
            return Result<int>.Ok(next);
        }, ct);
    }

    /// <summary>Version 1 is the demo county's FAQ.</summary>
    public async Task SeedAsync(CancellationToken ct)
    {
        if (!await db.Set<ChatFaqVersion>().AnyAsync(ct))
        {
            await PublishAsync(DemoContent(), "Demo county FAQ", null, null, ct);
        }
    }
}

/// <summary>The bot: the FAQ's answer in the session's language, with the FAQ's link targets turned into Polku addresses.</summary>
internal sealed class ChatBot(FaqStore store, Texts texts)
{
    public string Greeting(string language) => texts.Get(language, "contacts.chat.bot.greeting");

    public async Task<BotTurn> AnswerAsync(string text, string language, CancellationToken ct)
    {
        var matcher = await store.CurrentAsync(ct);
        var reply = matcher.Answer(text, language);
        var kind = reply.Kind switch
        {
            BotReplyKind.RedFlag => BotTurnKind.RedFlag,
            BotReplyKind.Handover => BotTurnKind.Handover,
            BotReplyKind.Answer => BotTurnKind.Answer,
            _ => BotTurnKind.NoAnswer,
        };
        var links = reply.Links.Select(l => Url(l.Target) is { } url ? new ChatLink(url, l.Title) : null).OfType<ChatLink>().ToList();
        var code = kind switch
        {
            BotTurnKind.Answer => "faq:" + reply.EntryId,
            BotTurnKind.RedFlag => "red-flag",
            BotTurnKind.Handover => "handover",
            _ => "no-answer",
        };
        return new BotTurn(kind, code, reply.Text, reply.EntryId, links);
    }

    /// <summary>The Polku address of an FAQ link target; null for a target this Polku does not know.</summary>
    public static string? Url(string target) => target switch
    {
        "assessments" => AssessmentsRoutes.List,
        _ when target.StartsWith("assessment:", StringComparison.Ordinal) => AssessmentsRoutes.Assessment(target["assessment:".Length..]),
        "booking" => AppointmentsRoutes.Book,
        "my-appointments" => AppointmentsRoutes.MyAppointments,
        "messages" => ContactsRoutes.NewMessage("health-station"),
        "callback" => ContactsRoutes.NewCallback("health-station"),
        "services" => RegionRoutes.Services,
        "me" => IdentityRoutes.Me,
        "access-log" => IdentityRoutes.AccessLog,
        _ => null,
    };
}
