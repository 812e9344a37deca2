using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain;
using Polku.ServiceManagement.Notices;

namespace Polku.ServiceManagement.Knowledge;

/// <summary>A line of the article list: the title in the reader's language.</summary>
internal sealed record KbSummary(string Number, string Title, string? ServiceId, DateTime UpdatedUtc);

/// <summary>A ticket an article is linked to.</summary>
internal sealed record KbTicket(Guid Id, string Number, string Kind, string Title);

/// <summary>An article with the tickets it is linked to.</summary>
internal sealed record KbDetail(KbArticle Article, IReadOnlyList<KbTicket> Tickets);

/// <summary>
/// The knowledge base (spec 06): articles in fi/sv/en with numbers KB-0001… from the module's counter, linked to
/// incidents and problems by ticket number.
/// </summary>
internal sealed class KnowledgeService(PolkuDb db, UnitOfWork unit, TimeProvider time)
{
    public const int MaxQuery = 200;
    public const int ListLimit = 100;

    /// <summary>Ticket kinds an article can be linked to.</summary>
    public static readonly IReadOnlyList<string> LinkableKinds = [TicketKinds.Incident, TicketKinds.Problem];

    /// <summary>
    /// Articles whose number or title in <paramref name="language"/> contains the query (case-insensitive); all
    /// articles, latest first, without a query.
    /// </summary>
    public async Task<IReadOnlyList<KbSummary>> SearchAsync(string? query, string language, CancellationToken ct)
    {
        var q = query?.Trim() ?? "";
        var articles = db.Set<KbArticle>().AsNoTracking();
        if (q.Length > 0)
        {
            articles = Matching(articles, q, language);
        }

        var rows = await articles.OrderByDescending(a => a.Number).Take(ListLimit).ToListAsync(ct);
        return [.. rows.Select(a => new KbSummary(a.Number, NoticeService.Pick(language, a.TitleFi, a.TitleSv, a.TitleEn), a.ServiceId, a.UpdatedUtc))];
    }

    /// <summary>
    /// Articles whose number or title in the language contains the text, ignoring case (ä and Ä too): lower() and LIKE
    /// on PostgreSQL; on SQLite, whose lower() folds A–Z only, a GLOB with both cases of each letter.
    /// </summary>
    private IQueryable<KbArticle> Matching(IQueryable<KbArticle> articles, string text, string language)
    {
        if (db.IsPostgres)
        {
            var like = "%" + text.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

            // ToLower becomes SQL lower(), which has no culture overload.
#pragma warning disable CA1304, CA1311
            return language switch
            {
                "sv" => articles.Where(a => EF.Functions.Like(a.Number.ToLower(), like, "\\") || EF.Functions.Like(a.TitleSv.ToLower(), like, "\\")),
                "en" => articles.Where(a => EF.Functions.Like(a.Number.ToLower(), like, "\\") || EF.Functions.Like(a.TitleEn.ToLower(), like, "\\")),
                _ => articles.Where(a => EF.Functions.Like(a.Number.ToLower(), like, "\\") || EF.Functions.Like(a.TitleFi.ToLower(), like, "\\")),
            };
#pragma warning restore CA1304, CA1311
        }

        var glob = new StringBuilder("*");
        foreach (var c in text)
        {
            var lower = char.ToLowerInvariant(c);
            var upper = char.ToUpperInvariant(c);
            if (lower != upper)
            {
                glob.Append('[').Append(lower).Append(upper).Append(']');
            }
            else if (c is '*' or '?' or '[' or ']')
            {
                glob.Append('[').Append(c).Append(']');
            }
            else
            {
                glob.Append(c);
            }
        }

        var pattern = glob.Append('*').ToString();
        return language switch
        {
            "sv" => articles.Where(a => EF.Functions.Glob(a.Number, pattern) || EF.Functions.Glob(a.TitleSv, pattern)),
            "en" => articles.Where(a => EF.Functions.Glob(a.Number, pattern) || EF.Functions.Glob(a.TitleEn, pattern)),
            _ => articles.Where(a => EF.Functions.Glob(a.Number, pattern) || EF.Functions.Glob(a.TitleFi, pattern)),
        };
    }

    /// <summary>An article by number (KB-0001, case-insensitive) with its linked tickets, or null.</summary>
    public async Task<KbDetail?> FindAsync(string number, CancellationToken ct)
    {
        var n = Normalize(number);
        var article = await db.Set<KbArticle>().AsNoTracking().FirstOrDefaultAsync(a => a.Number == n, ct);
        if (article is null)
        {
            return null;
        }

        var tickets = await (from l in db.Set<KbLink>()
                             join t in db.Set<Ticket>() on l.TicketId equals t.Id
                             where l.ArticleId == article.Id
                             orderby t.Number
                             select new KbTicket(t.Id, t.Number, t.Kind, t.Title)).AsNoTracking().ToListAsync(ct);
        return new KbDetail(article, tickets);
    }

    public async Task<IReadOnlyList<ServiceChoice>> ServicesAsync(CancellationToken ct) =>
        await db.Set<SmService>().AsNoTracking().OrderBy(s => s.Id)
            .Select(s => new ServiceChoice(s.Id, s.NameFi, s.NameSv, s.NameEn)).ToListAsync(ct);

    /// <summary>A new article with the next number; returns the number.</summary>
    public Task<Result<string>> CreateAsync(KbValues v, Guid? createdBy, CancellationToken ct) => unit.RunAsync<string>(async token =>
    {
        var article = new KbArticle { Id = Guid.NewGuid(), Number = await NextNumberAsync(db, token), CreatedBy = createdBy };
        Apply(article, v);
        db.Set<KbArticle>().Add(article);
        await db.SaveChangesAsync(token);
        return article.Number;
    }, ct);

    public Task<Result<string>> UpdateAsync(string number, KbValues v, CancellationToken ct) => unit.RunAsync<string>(async token =>
    {
        var n = Normalize(number);
        var article = await db.Set<KbArticle>().FirstOrDefaultAsync(a => a.Number == n, token);
        if (article is null)
        {
            return Error.NotFound("sm.knowledge.error.not_found");
        }

        Apply(article, v);
        await db.SaveChangesAsync(token);
        return article.Number;
    }, ct);

    /// <summary>Links the article to an incident or a problem by the ticket's number (INC-000123); linking twice is one link.</summary>
    public Task<Result<string>> LinkAsync(string number, string? ticketNumber, CancellationToken ct) => unit.RunAsync<string>(async token =>
    {
        var n = Normalize(number);
        var article = await db.Set<KbArticle>().AsNoTracking().FirstOrDefaultAsync(a => a.Number == n, token);
        if (article is null)
        {
            return Error.NotFound("sm.knowledge.error.not_found");
        }

        var tn = ticketNumber?.Trim().ToUpperInvariant() ?? "";
        if (tn.Length == 0)
        {
            return Error.Validation("sm.knowledge.error.ticket_required", "ticket");
        }

        var ticket = tn.Length <= 20 ? await db.Set<Ticket>().AsNoTracking().FirstOrDefaultAsync(t => t.Number == tn, token) : null;
        if (ticket is null)
        {
            return Error.Validation("sm.knowledge.error.ticket_unknown", "ticket");
        }

        if (!LinkableKinds.Contains(ticket.Kind))
        {
            return Error.Validation("sm.knowledge.error.ticket_kind", "ticket");
        }

        if (!await db.Set<KbLink>().AnyAsync(l => l.ArticleId == article.Id && l.TicketId == ticket.Id, token))
        {
            db.Set<KbLink>().Add(new KbLink { ArticleId = article.Id, TicketId = ticket.Id });
            await db.SaveChangesAsync(token);
        }

        return ticket.Number;
    }, ct);

    public Task<Result<string>> UnlinkAsync(string number, Guid ticketId, CancellationToken ct) => unit.RunAsync<string>(async token =>
    {
        var n = Normalize(number);
        var article = await db.Set<KbArticle>().AsNoTracking().FirstOrDefaultAsync(a => a.Number == n, token);
        if (article is null)
        {
            return Error.NotFound("sm.knowledge.error.not_found");
        }

        var link = await db.Set<KbLink>().FirstOrDefaultAsync(l => l.ArticleId == article.Id && l.TicketId == ticketId, token);
        if (link is not null)
        {
            db.Set<KbLink>().Remove(link);
            await db.SaveChangesAsync(token);
        }

        return article.Number;
    }, ct);

    /// <summary>KB-0001 from kb-0001 or with spaces around; anything longer than a number can be stays as it is (and is not found).</summary>
    public static string Normalize(string? number) => (number ?? "").Trim().ToUpperInvariant();

    /// <summary>
    /// The next article number from the <c>kb</c> counter, taken with one <c>UPDATE … RETURNING</c> inside the caller's
    /// transaction: two writers never get the same number (the row lock on PostgreSQL, the write lock on SQLite).
    /// </summary>
    internal static async Task<string> NextNumberAsync(PolkuDb db, CancellationToken ct)
    {
        var last = await db.Database
            .SqlQueryRaw<long>("UPDATE sm_counters SET last = last + 1 WHERE kind = 'kb' RETURNING last AS \"Value\"")
            .ToListAsync(ct);
        if (last.Count == 0)
        {
            // A database seeded before the counter existed: start it.
            db.Set<Counter>().Add(new Counter { Kind = "kb", Last = 1 });
            await db.SaveChangesAsync(ct);
            return Format(1);
        }

        return Format(last[0]);
    }

    public static string Format(long n) => "KB-" + n.ToString("D4", CultureInfo.InvariantCulture);

    private void Apply(KbArticle a, KbValues v)
    {
        a.ServiceId = v.ServiceId;
        a.TitleFi = v.TitleFi;
        a.TitleSv = v.TitleSv;
        a.TitleEn = v.TitleEn;
        a.BodyFi = v.BodyFi;
        a.BodySv = v.BodySv;
        a.BodyEn = v.BodyEn;
        a.UpdatedUtc = time.GetUtcNow().UtcDateTime;
    }
}
