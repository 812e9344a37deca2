using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Polku.Platform.Localization;

/// <summary>
/// The request's language: <c>?lang=</c>, then the <c>.AspNetCore.Culture</c> cookie set by the language switch, then
/// Accept-Language, then Finnish. Formatting uses the Finnish regional cultures (fi-FI, sv-FI) and en-GB, so dates
/// read day-first and Finnish and Swedish numbers take a decimal comma.
/// </summary>
public static class Language
{
    public const string CookieName = ".AspNetCore.Culture";

    private static readonly Dictionary<string, CultureInfo> Cultures = new(StringComparer.OrdinalIgnoreCase)
    {
        ["fi"] = CultureInfo.GetCultureInfo("fi-FI"),
        ["sv"] = FinlandSwedish(),
        ["en"] = CultureInfo.GetCultureInfo("en-GB"),
    };

    /// <summary>Two-letter code of the current UI language: fi, sv or en.</summary>
    public static string Current
    {
        get
        {
            var two = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;
            return Cultures.ContainsKey(two) ? two : "fi";
        }
    }

    /// <summary>
    /// sv-FI as Finland-Swedish is written (Svenska språkbyrån i Finland): dates 6.12.2026 and times 9.30, as in Finnish.
    /// The platform's sv-FI data writes ISO dates (2026-12-06) in some patterns and day-first dates in others, so a
    /// Swedish page showed both.
    /// </summary>
    private static CultureInfo FinlandSwedish()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("sv-FI").Clone();
        culture.DateTimeFormat.ShortDatePattern = "d.M.yyyy";
        culture.DateTimeFormat.LongTimePattern = "H.mm.ss";
        culture.DateTimeFormat.ShortTimePattern = "H.mm";
        culture.DateTimeFormat.TimeSeparator = ".";
        return CultureInfo.ReadOnly(culture);
    }

    public static bool IsSupported(string? code) => code is not null && Cultures.ContainsKey(code);

    public static CultureInfo CultureFor(string code) => Cultures.TryGetValue(code, out var c) ? c : Cultures["fi"];

    /// <summary>Cookie value in ASP.NET Core's request-culture format.</summary>
    public static string CookieValue(string code) => $"c={code}|uic={code}";

    public static string Resolve(HttpRequest request)
    {
        if (request.Query.TryGetValue("lang", out var q) && IsSupported(q.ToString()))
        {
            return q.ToString().ToLowerInvariant();
        }

        if (request.Cookies.TryGetValue(CookieName, out var cookie))
        {
            foreach (var part in cookie.Split('|'))
            {
                if (part.StartsWith("uic=", StringComparison.Ordinal) && IsSupported(part[4..]))
                {
                    return part[4..].ToLowerInvariant();
                }
            }
        }

        foreach (var header in request.GetTypedHeaders().AcceptLanguage.OrderByDescending(h => h.Quality ?? 1))
        {
            var tag = header.Value.Value;
            if (tag is { Length: >= 2 } && IsSupported(tag[..2]))
            {
                return tag[..2].ToLowerInvariant();
            }
        }

        return "fi";
    }
}

/// <summary>Sets the current culture for the request from <see cref="Language.Resolve"/>.</summary>
public sealed class LanguageMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var culture = Language.CultureFor(Language.Resolve(context.Request));
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        return next(context);
    }
}
