using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;
using Polku.Contacts.Tasks;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Chat;

/// <summary>The chats a professional sees: waiting in their chat queues, and their own.</summary>
internal sealed class ChatDesk(PolkuDb db, QueueWork work)
{
    public async Task<IReadOnlyList<ChatSession>> WaitingAsync(Guid staffId, CancellationToken ct)
    {
        var mine = work.QueueIdsOf(staffId);
        return await db.Set<ChatSession>().AsNoTracking()
            .Where(s => s.State == ChatState.Queued && s.QueueId != null && mine.Contains(s.QueueId.Value))
            .OrderBy(s => s.QueuedUtc).Take(200).ToListAsync(ct);
    }

    public async Task<IReadOnlyList<ChatSession>> MineAsync(Guid staffId, CancellationToken ct) =>
        await db.Set<ChatSession>().AsNoTracking()
            .Where(s => s.State == ChatState.Active && s.AssigneeId == staffId)
            .OrderBy(s => s.StartedUtc).Take(50).ToListAsync(ct);

    /// <summary>The chat queues the professional belongs to.</summary>
    public async Task<IReadOnlyList<WorkQueue>> MyChatQueuesAsync(Guid staffId, CancellationToken ct)
    {
        var mine = work.QueueIdsOf(staffId);
        return await db.Set<WorkQueue>().AsNoTracking().Where(q => q.Channel == QueueChannels.Chat && mine.Contains(q.Id)).OrderBy(q => q.Code).ToListAsync(ct);
    }

    /// <summary>Every chat queue (a transfer may go to any of them).</summary>
    public async Task<IReadOnlyList<WorkQueue>> AllChatQueuesAsync(CancellationToken ct) =>
        await db.Set<WorkQueue>().AsNoTracking().Where(q => q.Channel == QueueChannels.Chat).OrderBy(q => q.Code).ToListAsync(ct);
}

/// <summary>
/// The cookie that keeps a browser's chat: the session id and its token, HTTP-only, so the page and its event stream
/// (which cannot send headers) carry the key without script ever seeing it. One chat per browser at a time.
/// </summary>
internal static class ChatCookie
{
    public const string Name = "polku_chat";

    public static void Write(HttpContext context, Guid sessionId, string token) =>
        context.Response.Cookies.Append(Name, sessionId.ToString("N") + "." + token, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            IsEssential = true,
            MaxAge = TimeSpan.FromHours(12),
        });

    public static void Clear(HttpContext context) => context.Response.Cookies.Delete(Name, new CookieOptions { Path = "/" });

    /// <summary>The session this browser holds, if any.</summary>
    public static (Guid SessionId, string Token)? Read(HttpRequest request)
    {
        if (request.Cookies[Name] is not { Length: > 33 and < 200 } value || value[32] != '.' || !Guid.TryParseExact(value[..32], "N", out var id))
        {
            return null;
        }

        return (id, value[33..]);
    }

    /// <summary>The token for the session: the <c>X-Chat-Token</c> header, else this browser's cookie for that session.</summary>
    public static string? TokenFor(HttpRequest request, Guid sessionId)
    {
        var header = request.Headers["X-Chat-Token"].ToString();
        if (header.Length > 0)
        {
            return header;
        }

        return Read(request) is { } cookie && cookie.SessionId == sessionId ? cookie.Token : null;
    }
}
