using System.Diagnostics;
using System.Net;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Fuzz;

/// <summary>A request of the sweep that the server answered with 5xx (or that broke the connection).</summary>
public sealed record FuzzFailure(string Audience, string Method, string Path, string Input, int Status)
{
    public override string ToString() => $"{Audience}: {Method} {Path} [{Input}] -> {(Status == 0 ? "exception" : Status.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
}

/// <summary>
/// One audience's client for the sweep: keeps cookies like a browser (without following redirects) and counts every
/// request and every 5xx. Once <see cref="Pin"/> is called the session cookie is never replaced or removed, so a
/// fuzzed sign-in, sign-out or "act for a ward" form cannot change who the rest of the sweep runs as.
/// </summary>
public sealed class FuzzSession : IDisposable
{
    public const string Origin = "http://localhost";
    private const string SessionCookie = ".polku.session";

    private readonly CookieJar _jar;

    public FuzzSession(PolkuAppFactory app, string engine, string audience)
    {
        ArgumentNullException.ThrowIfNull(app);
        Engine = engine;
        Audience = audience;
        _jar = new CookieJar(app.Server.CreateHandler());
        Client = new HttpClient(_jar) { BaseAddress = new Uri(Origin), Timeout = TimeSpan.FromSeconds(60) };
    }

    public string Engine { get; }

    public string Audience { get; }

    public HttpClient Client { get; }

    public int Requests { get; private set; }

    public List<FuzzFailure> Failures { get; } = [];

    public Stopwatch Clock { get; } = new();

    /// <summary>Requests and time by the first word of the input ("form", "body", "query", …), to see where the time goes.</summary>
    public SortedDictionary<string, (int Requests, TimeSpan Time)> ByKind { get; } = new(StringComparer.Ordinal);

    /// <summary>From now on the session cookie stays as it is.</summary>
    public void Pin() => _jar.Pinned = true;

    /// <summary>
    /// Sends one request and records it. Returns the response (the caller disposes it), or null when the request
    /// could not complete (recorded as a failure). State-changing requests carry the site's own Origin, as a browser's do.
    /// </summary>
    public async Task<HttpResponseMessage?> SendAsync(HttpRequestMessage request, string input)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Method != HttpMethod.Get && request.Method != HttpMethod.Head)
        {
            request.Headers.TryAddWithoutValidation("Origin", Origin);
        }

        Requests++;
        var path = request.RequestUri is { } uri ? Shorten(uri.OriginalString) : "";
        var kind = input.Split(' ')[0] + (Environment.GetEnvironmentVariable("POLKU_FUZZ_DEBUG") is null ? "" : " " + request.Method + " " + (request.RequestUri?.OriginalString.Split('?')[0] ?? ""));
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await Client.SendAsync(request);
            var (count, time) = ByKind.GetValueOrDefault(kind);
            ByKind[kind] = (count + 1, time + Stopwatch.GetElapsedTime(started));
            if ((int)response.StatusCode >= 500)
            {
                Failures.Add(new FuzzFailure(Audience, request.Method.Method, path, input, (int)response.StatusCode));
            }

            return response;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The in-process server hands an exception that escaped the app (after the response started) to the client.
            Failures.Add(new FuzzFailure(Audience, request.Method.Method, path, input + " (" + e.GetType().Name + ": " + Shorten(e.Message) + ")", 0));
            return null;
        }
    }

    /// <summary>Sends and disposes; returns the status (0 when the request failed).</summary>
    public async Task<int> StatusAsync(HttpRequestMessage request, string input)
    {
        using var response = await SendAsync(request, input);
        return response is null ? 0 : (int)response.StatusCode;
    }

    public void Dispose()
    {
        Client.Dispose();
    }

    /// <summary>A readable path: long inputs are cut so a failure list stays legible.</summary>
    public static string Shorten(string text) => text.Length <= 160 ? text : text[..150] + "…(" + text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")";

    /// <summary>
    /// Cookies by name for the one test host. Expiry dates are ignored except as deletions: the app runs on a fixed
    /// clock, so its dates say nothing about the real one.
    /// </summary>
    private sealed class CookieJar(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        public bool Pinned { get; set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Remove("Cookie");
                request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", _cookies.Select(c => c.Key + "=" + c.Value)));
            }

            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var values))
            {
                foreach (var header in values)
                {
                    Set(header);
                }
            }

            return response;
        }

        private void Set(string header)
        {
            var parts = header.Split(';', StringSplitOptions.TrimEntries);
            var eq = parts[0].IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                return;
            }

            var name = parts[0][..eq];
            var value = parts[0][(eq + 1)..];
            if (Pinned && name.StartsWith(SessionCookie, StringComparison.Ordinal))
            {
                return;
            }

            var deleted = value.Length == 0 || parts.Skip(1).Any(p =>
                p.StartsWith("expires=", StringComparison.OrdinalIgnoreCase) && p.Contains("1970", StringComparison.Ordinal)
                || p.StartsWith("max-age=", StringComparison.OrdinalIgnoreCase) && p[8..].TrimStart().StartsWith('-')
                || p.Equals("max-age=0", StringComparison.OrdinalIgnoreCase));
            if (deleted)
            {
                _cookies.Remove(name);
            }
            else
            {
                _cookies[name] = value;
            }
        }
    }
}
