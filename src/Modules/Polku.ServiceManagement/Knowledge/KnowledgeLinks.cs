using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Pages.ServiceDesk;

namespace Polku.ServiceManagement.Knowledge;

/// <summary>An article linked to a ticket, titled in the reader's language.</summary>
internal sealed record LinkedArticle(Guid Id, string Number, string Title);

/// <summary>The knowledge articles linked to a ticket, for the ticket page.</summary>
internal sealed class KnowledgeLinks(PolkuDb db)
{
    /// <summary>The ticket's linked articles by number, titled in the current UI language.</summary>
    public async Task<IReadOnlyList<LinkedArticle>> ForTicketAsync(Guid ticketId, CancellationToken ct = default)
    {
        var rows = await (from l in db.Set<KbLink>()
                          join a in db.Set<KbArticle>() on l.ArticleId equals a.Id
                          where l.TicketId == ticketId
                          orderby a.Number
                          select a).AsNoTracking().ToListAsync(ct);
        return [.. rows.Select(a => new LinkedArticle(a.Id, a.Number, SmNames.Pick(a.TitleFi, a.TitleSv, a.TitleEn)))];
    }
}
