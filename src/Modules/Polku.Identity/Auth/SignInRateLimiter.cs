using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Polku.Identity.Auth;

/// <summary>A small fixed-window limiter for sign-in forms, per client address and form.</summary>
internal sealed class SignInRateLimiter(TimeProvider time, IOptions<PolkuIdentityOptions> options)
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Start, int Count)> _windows = new(StringComparer.Ordinal);

    public bool TryAcquire(string form, HttpContext context)
    {
        var key = $"{form}|{context.Connection.RemoteIpAddress}";
        var now = time.GetUtcNow();
        if (_windows.Count > 10_000)
        {
            foreach (var stale in _windows.Where(kv => now - kv.Value.Start >= Window).Select(kv => kv.Key).ToList())
            {
                _windows.TryRemove(stale, out _);
            }
        }

        var window = _windows.AddOrUpdate(
            key,
            _ => (now, 1),
            (_, w) => now - w.Start >= Window ? (now, 1) : (w.Start, w.Count + 1));
        return window.Count <= options.Value.SignInAttemptsPerMinute;
    }
}
