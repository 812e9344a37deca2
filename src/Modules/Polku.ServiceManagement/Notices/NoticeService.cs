using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Time;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Data;

namespace Polku.ServiceManagement.Notices;

/// <summary>A catalogue entry as the notice form offers it.</summary>
internal sealed record ServiceChoice(string Id, string NameFi, string NameSv, string NameEn);

/// <summary>
/// Disruption notices (spec 06): drafts (made by staff, or by monitoring with the incident), published notices that
/// residents see on the front page and the status page, and ended ones that have disappeared from both.
/// </summary>
internal sealed class NoticeService(PolkuDb db, UnitOfWork unit, TimeProvider time)
{
    /// <summary>How many notices the staff list shows.</summary>
    public const int ListLimit = 200;

    /// <summary>Drafts first (monitoring's drafts wait there for review), then published, then ended; latest start first.</summary>
    public async Task<IReadOnlyList<Notice>> ListAsync(CancellationToken ct)
    {
        var rows = await db.Set<Notice>().AsNoTracking()
            .OrderBy(n => n.State == NoticeStates.Draft ? 0 : n.State == NoticeStates.Published ? 1 : 2)
            .ThenByDescending(n => n.StartsUtc)
            .Take(ListLimit)
            .ToListAsync(ct);
        return rows;
    }

    public Task<Notice?> FindAsync(Guid id, CancellationToken ct) => db.Set<Notice>().AsNoTracking().FirstOrDefaultAsync(n => n.Id == id, ct);

    public async Task<IReadOnlyList<ServiceChoice>> ServicesAsync(CancellationToken ct) =>
        await db.Set<SmService>().AsNoTracking().OrderBy(s => s.Id)
            .Select(s => new ServiceChoice(s.Id, s.NameFi, s.NameSv, s.NameEn)).ToListAsync(ct);

    /// <summary>Creates a draft (id null) or changes a draft or published notice; an ended notice is kept as it was.</summary>
    public Task<Result<Guid>> SaveAsync(Guid? id, NoticeValues v, CancellationToken ct) => unit.RunAsync<Guid>(async token =>
    {
        var now = time.GetUtcNow().UtcDateTime;
        Notice? notice;
        if (id is { } existing)
        {
            notice = await db.Set<Notice>().FirstOrDefaultAsync(n => n.Id == existing, token);
            if (notice is null)
            {
                return Error.NotFound("sm.notices.error.not_found");
            }

            if (notice.State == NoticeStates.Ended)
            {
                return Error.Conflict("sm.notices.error.ended");
            }
        }
        else
        {
            notice = new Notice { Id = Guid.NewGuid(), State = NoticeStates.Draft, CreatedUtc = now };
            db.Set<Notice>().Add(notice);
        }

        notice.Kind = v.Kind;
        notice.ServiceId = v.ServiceId;
        notice.TitleFi = v.TitleFi;
        notice.TitleSv = v.TitleSv;
        notice.TitleEn = v.TitleEn;
        notice.BodyFi = v.BodyFi;
        notice.BodySv = v.BodySv;
        notice.BodyEn = v.BodyEn;
        notice.StartsUtc = v.StartsUtc;
        notice.EndsUtc = v.EndsUtc;
        notice.UpdatedUtc = now;
        await db.SaveChangesAsync(token);
        return notice.Id;
    }, ct);

    /// <summary>A draft becomes visible to residents (from its start; a planned break is announced beforehand).</summary>
    public Task<Result<Guid>> PublishAsync(Guid id, CancellationToken ct) => unit.RunAsync<Guid>(async token =>
    {
        var notice = await db.Set<Notice>().FirstOrDefaultAsync(n => n.Id == id, token);
        if (notice is null)
        {
            return Error.NotFound("sm.notices.error.not_found");
        }

        if (notice.State != NoticeStates.Draft)
        {
            return Error.Conflict("sm.notices.error.not_draft");
        }

        var now = time.GetUtcNow().UtcDateTime;
        notice.State = NoticeStates.Published;
        notice.PublishedUtc = now;
        notice.UpdatedUtc = now;
        await db.SaveChangesAsync(token);
        return notice.Id;
    }, ct);

    /// <summary>Ends a notice: it disappears from the front page and the status page; an open end becomes now.</summary>
    public Task<Result<Guid>> EndAsync(Guid id, CancellationToken ct) => unit.RunAsync<Guid>(async token =>
    {
        var notice = await db.Set<Notice>().FirstOrDefaultAsync(n => n.Id == id, token);
        if (notice is null)
        {
            return Error.NotFound("sm.notices.error.not_found");
        }

        if (notice.State == NoticeStates.Ended)
        {
            return Error.Conflict("sm.notices.error.ended");
        }

        var now = time.GetUtcNow().UtcDateTime;
        notice.State = NoticeStates.Ended;
        if (notice.EndsUtc is null || notice.EndsUtc > now)
        {
            notice.EndsUtc = now > notice.StartsUtc ? now : notice.StartsUtc;
        }

        notice.UpdatedUtc = now;
        await db.SaveChangesAsync(token);
        return notice.Id;
    }, ct);

    /// <summary>
    /// What residents see now: published disruptions that have started and not ended, and published planned breaks
    /// that have not ended (starting later or ongoing).
    /// </summary>
    public async Task<IReadOnlyList<DisruptionNotice>> PublicAsync(string language, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var rows = await db.Set<Notice>().AsNoTracking()
            .Where(n => n.State == NoticeStates.Published && (n.EndsUtc == null || n.EndsUtc > now)
                && (n.Kind == NoticeKinds.Planned || n.StartsUtc <= now))
            .OrderBy(n => n.StartsUtc)
            .Take(ListLimit)
            .ToListAsync(ct);
        var serviceIds = rows.Select(r => r.ServiceId).OfType<string>().Distinct().ToList();
        var names = await db.Set<SmService>().AsNoTracking().Where(s => serviceIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => Pick(language, s.NameFi, s.NameSv, s.NameEn), ct);
        var notices = rows.Select(n => new DisruptionNotice(
            n.Kind == NoticeKinds.Planned,
            n.ServiceId is { } sid && names.TryGetValue(sid, out var name) ? name : null,
            Pick(language, n.TitleFi, n.TitleSv, n.TitleEn),
            Pick(language, n.BodyFi, n.BodySv, n.BodyEn),
            Helsinki(n.StartsUtc),
            n.EndsUtc is { } e ? Helsinki(e) : null)).ToList();
        return [.. notices.Where(n => !n.Planned).OrderByDescending(n => n.Starts), .. notices.Where(n => n.Planned).OrderBy(n => n.Starts)];
    }

    internal static string Pick(string language, string fi, string sv, string en) => language switch
    {
        "sv" => sv,
        "en" => en,
        _ => fi,
    };

    internal static DateTimeOffset Helsinki(DateTime utc) => HelsinkiTime.InHelsinki(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));
}

/// <summary>The contract other modules (the front page) read the notices through.</summary>
internal sealed class DisruptionNotices(NoticeService notices) : IDisruptionNotices
{
    public Task<IReadOnlyList<DisruptionNotice>> CurrentAsync(string language, CancellationToken cancellationToken) =>
        notices.PublicAsync(language, cancellationToken);
}
