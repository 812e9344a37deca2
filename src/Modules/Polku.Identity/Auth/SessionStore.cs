using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polku.Identity.Data;
using Polku.Platform.Audit;
using Polku.Platform.Caching;
using Polku.Platform.Persistence;
using Polku.Platform.Security;

namespace Polku.Identity.Auth;

/// <summary>
/// Server-side sessions behind the cookie scheme, hooked into its events so every way of signing in (demo staff form,
/// OpenID Connect, acting for a ward) and out goes through here:
/// <list type="bullet">
/// <item><c>OnSigningIn</c> opens a session row and puts its random id in the cookie (a new id on every sign-in as
/// someone else, so a planted cookie can never become a victim's session);</item>
/// <item><c>OnValidatePrincipal</c> checks the row on every authenticated request — through this node's copy of it,
/// read at most every few seconds (<see cref="CheckedFor"/>) — and refuses a cookie whose row is gone (signed out,
/// signed out everywhere: the copies are dropped on every node) or past its idle or absolute limit;</item>
/// <item><c>OnSigningOut</c> deletes the row, so a copy of the cookie made earlier stops working on every node.</item>
/// </list>
/// The last-seen time is written at most once a minute, so the idle limit holds to within a minute and an active user
/// costs one small write a minute, not one per request.
/// </summary>
internal static class SessionStore
{
    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromMinutes(10);
    private static long _nextPurgeTicks;

    public static async Task StartAsync(CookieSigningInContext context)
    {
        var http = context.HttpContext;
        var principal = context.Principal ?? throw new InvalidOperationException("Signing in without a principal.");
        var identity = principal.Identities.FirstOrDefault() ?? throw new InvalidOperationException("Signing in without an identity.");
        var personId = principal.PersonId();
        var kind = principal.FindFirstValue(PolkuClaims.Kind);
        if (personId is null || kind is not ("resident" or "staff"))
        {
            throw new InvalidOperationException($"A Polku session needs the {PolkuClaims.PersonId} and {PolkuClaims.Kind} claims.");
        }

        foreach (var stale in identity.FindAll(IdentityClaims.SessionId).ToList())
        {
            identity.RemoveClaim(stale);
        }

        // A context of its own: saving the new row must not also save whatever the signing-in handler has pending.
        using var scope = http.RequestServices.CreateScope();
        var services = scope.ServiceProvider;
        var db = services.GetRequiredService<PolkuDb>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var options = services.GetRequiredService<IOptions<PolkuSessionOptions>>().Value;
        var ct = http.RequestAborted;

        // Signing in again as the same person (a guardian starting or stopping acting for a ward) keeps the session and
        // its absolute limit; anyone else's session on this browser ends here.
        // The browser's current cookie, read by the cookie handler itself: on a remote sign-in's callback (OpenID
        // Connect) the request's user is not authenticated yet, but a cookie planted or left there still is a session.
        var existing = (await http.AuthenticateAsync(CookieAuthenticationDefaults.AuthenticationScheme)).Principal ?? http.User;
        var currentId = existing.FindFirstValue(IdentityClaims.SessionId);
        if (currentId is not null)
        {
            var hash = Hash(currentId);
            var current = await db.Set<UserSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == hash, ct);
            if (current is not null && current.PersonId == personId && current.Kind == kind && IsLive(current, now, options))
            {
                if (TakeIdToken(context.Properties, services) is { } renewed)
                {
                    await db.Set<UserSession>().Where(s => s.Id == hash).ExecuteUpdateAsync(u => u.SetProperty(s => s.IdTokenProtected, renewed), ct);
                }

                identity.AddClaim(new Claim(IdentityClaims.SessionId, currentId));
                context.Properties.IssuedUtc = now;
                context.Properties.ExpiresUtc = new DateTimeOffset(DateTime.SpecifyKind(current.ExpiresUtc, DateTimeKind.Utc));
                return;
            }

            await DeleteAsync(services, hash, ct);
        }

        var sessionId = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var expires = now + options.Absolute;
        db.Set<UserSession>().Add(new UserSession
        {
            Id = Hash(sessionId),
            PersonId = personId.Value,
            Kind = kind,
            CreatedUtc = now,
            LastSeenUtc = now,
            ExpiresUtc = expires,
            IdTokenProtected = TakeIdToken(context.Properties, services),
        });
        await db.SaveChangesAsync(ct);
        identity.AddClaim(new Claim(IdentityClaims.SessionId, sessionId));
        context.Properties.IssuedUtc = now;
        context.Properties.ExpiresUtc = new DateTimeOffset(DateTime.SpecifyKind(expires, DateTimeKind.Utc));
        context.Properties.IsPersistent = false;
        await PurgeExpiredAsync(db, now, ct);
    }

    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var principal = context.Principal;
        var sessionId = principal?.FindFirstValue(IdentityClaims.SessionId);
        if (principal is null || sessionId is null)
        {
            await RejectAsync(context);
            return;
        }

        var http = context.HttpContext;
        var services = http.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var options = services.GetRequiredService<IOptions<PolkuSessionOptions>>().Value;
        var cache = services.GetRequiredService<ReferenceCache>();
        var hash = Hash(sessionId);
        var key = CacheKey(hash);
        var ct = http.RequestAborted;
        // Only where ending a session reaches every node's copy (PostgreSQL); on SQLite the row is read every time.
        var session = cache.InvalidatesEveryNode
            ? await cache.GetAsync(key, CheckedFor, c => ReadAsync(services, hash, c), ct)
            : await ReadAsync(services, hash, ct);
        if (!Accepts(session, principal, now, options))
        {
            // The copy may be a few seconds old (another node may have touched the row since): a session is refused
            // only on the row itself.
            cache.Invalidate(key);
            session = await ReadAsync(services, hash, ct);
            if (session is null || session.PersonId != principal.PersonId() || session.Kind != principal.FindFirstValue(PolkuClaims.Kind))
            {
                await RejectAsync(context);
                return;
            }

            if (!IsLive(session.LastSeenUtc, session.ExpiresUtc, now, options))
            {
                await services.GetRequiredService<PolkuDb>().Set<UserSession>().Where(s => s.Id == hash).ExecuteDeleteAsync(ct);
                await RejectAsync(context);
                return;
            }
        }

        if (now - session!.LastSeenUtc >= TouchEvery)
        {
            await services.GetRequiredService<PolkuDb>().Set<UserSession>().Where(s => s.Id == hash)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenUtc, now), ct);
            cache.Invalidate(key);
        }
    }

    /// <summary>
    /// How long this node trusts its copy of a session row (<see cref="ReferenceCache"/>): the row is read once per
    /// session per few seconds instead of on every request. Ending a session drops the copy at once on this node and,
    /// through the cache's invalidation notice, on every other node as the notice arrives; a node that missed the
    /// notice stops accepting the ended session within this time.
    /// </summary>
    internal static readonly TimeSpan CheckedFor = TimeSpan.FromSeconds(5);

    internal static string CacheKey(string hash) => "identity.session:" + hash;

    private static bool Accepts(SessionCheck? session, ClaimsPrincipal principal, DateTime now, PolkuSessionOptions options) =>
        session is not null
        && session.PersonId == principal.PersonId()
        && session.Kind == principal.FindFirstValue(PolkuClaims.Kind)
        && IsLive(session.LastSeenUtc, session.ExpiresUtc, now, options);

    private static Task<SessionCheck?> ReadAsync(IServiceProvider services, string hash, CancellationToken ct) =>
        services.GetRequiredService<PolkuDb>().Set<UserSession>().AsNoTracking().Where(s => s.Id == hash)
            .Select(s => new SessionCheck(s.PersonId, s.Kind, s.LastSeenUtc, s.ExpiresUtc))
            .FirstOrDefaultAsync(ct);

    /// <summary>What the check of every request needs from a session row.</summary>
    internal sealed record SessionCheck(Guid PersonId, string Kind, DateTime LastSeenUtc, DateTime ExpiresUtc);

    public static async Task EndAsync(CookieSigningOutContext context)
    {
        var sessionId = context.HttpContext.User.FindFirstValue(IdentityClaims.SessionId);
        if (sessionId is null)
        {
            return;
        }

        await DeleteAsync(context.HttpContext.RequestServices, Hash(sessionId), CancellationToken.None);
    }

    /// <summary>Deletes a session row and, when that commits, every node's copy of it.</summary>
    private static Task DeleteAsync(IServiceProvider services, string hash, CancellationToken cancellationToken)
    {
        var unit = services.GetRequiredService<UnitOfWork>();
        return unit.RunAsync(async ct =>
        {
            await services.GetRequiredService<PolkuDb>().Set<UserSession>().Where(s => s.Id == hash).ExecuteDeleteAsync(ct);
            services.GetRequiredService<ReferenceCache>().Changed(unit, CacheKey(hash));
        }, cancellationToken);
    }

    /// <summary>The ID token the provider gave at sign-in to this session (for RP-initiated logout), or null.</summary>
    public static async Task<string?> IdTokenAsync(HttpContext http, ClaimsPrincipal? principal)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (principal?.FindFirstValue(IdentityClaims.SessionId) is not { } sessionId)
        {
            return null;
        }

        var hash = Hash(sessionId);
        var services = http.RequestServices;
        var stored = await services.GetRequiredService<PolkuDb>().Set<UserSession>().AsNoTracking()
            .Where(s => s.Id == hash).Select(s => s.IdTokenProtected).FirstOrDefaultAsync(http.RequestAborted);
        try
        {
            return stored is null ? null : IdTokenProtector(services).Unprotect(stored);
        }
        catch (CryptographicException)
        {
            // A key no longer in the ring: the local session still ends; the provider's is left to its own time-out.
            return null;
        }
    }

    /// <summary>
    /// Moves the ID token a remote sign-in put in the authentication properties into the session row (protected):
    /// the cookie then carries only Polku's principal and the session id, never the provider's token.
    /// </summary>
    private static string? TakeIdToken(AuthenticationProperties properties, IServiceProvider services)
    {
        var token = properties.GetTokenValue(IdTokenName);
        if (token is null)
        {
            return null;
        }

        properties.StoreTokens([]);
        return IdTokenProtector(services).Protect(token);
    }

    private const string IdTokenName = "id_token";

    private static IDataProtector IdTokenProtector(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector("Polku.Identity.Session.IdToken");

    /// <summary>Ends every session of the person, on every device and node ("sign out everywhere").</summary>
    public static Task<int> EndAllAsync(PolkuDb db, UnitOfWork unit, ReferenceCache cache, string kind, Guid personId, CancellationToken cancellationToken) =>
        unit.RunAsync<int>(async ct =>
        {
            var sessions = db.Set<UserSession>().Where(s => s.PersonId == personId && s.Kind == kind);
            foreach (var hash in await sessions.Select(s => s.Id).ToListAsync(ct))
            {
                cache.Changed(unit, CacheKey(hash));
            }

            return await sessions.ExecuteDeleteAsync(ct);
        }, _ => true, cancellationToken);

    /// <summary>
    /// Ends every session of these professionals inside the caller's unit of work (a deactivation, a change of roles):
    /// the rows go with the change's commit, and each node's copy of them when it commits. One read and one delete,
    /// however many people.
    /// </summary>
    public static async Task EndStaffSessionsAsync(PolkuDb db, UnitOfWork unit, ReferenceCache cache, IReadOnlyCollection<Guid> staffIds, CancellationToken ct)
    {
        if (staffIds.Count == 0)
        {
            return;
        }

        var sessions = db.Set<UserSession>().Where(s => s.Kind == "staff" && staffIds.Contains(s.PersonId));
        foreach (var hash in await sessions.Select(s => s.Id).ToListAsync(ct))
        {
            cache.Changed(unit, CacheKey(hash));
        }

        await sessions.ExecuteDeleteAsync(ct);
    }

    private static bool IsLive(UserSession session, DateTime now, PolkuSessionOptions options) =>
        IsLive(session.LastSeenUtc, session.ExpiresUtc, now, options);

    private static bool IsLive(DateTime lastSeenUtc, DateTime expiresUtc, DateTime now, PolkuSessionOptions options) =>
        now < expiresUtc && now - lastSeenUtc < options.Idle;

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Rows past their absolute limit are deleted now and then by whichever node signs someone in.</summary>
    private static async Task PurgeExpiredAsync(PolkuDb db, DateTime now, CancellationToken ct)
    {
        var next = Interlocked.Read(ref _nextPurgeTicks);
        if (now.Ticks < next || Interlocked.CompareExchange(ref _nextPurgeTicks, (now + PurgeEvery).Ticks, next) != next)
        {
            return;
        }

        await db.Set<UserSession>().Where(s => s.ExpiresUtc <= now).ExecuteDeleteAsync(ct);
    }

    internal static string Hash(string sessionId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionId)));
}
