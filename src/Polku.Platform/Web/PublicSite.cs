using Microsoft.Extensions.Options;

namespace Polku.Platform.Web;

/// <summary>The <c>Site</c> configuration section.</summary>
public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>
    /// The address residents and professionals use, e.g. <c>https://polku.example.fi</c> (a path such as
    /// <c>https://example.fi/polku</c> is allowed). Every absolute URL Polku writes — links in e-mail and SMS, calendar
    /// files, feed addresses, FHIR <c>fullUrl</c>s — starts with it, and it is the one origin cookie-authenticated API
    /// calls may come from.
    /// </summary>
    public string? PublicBaseUrl { get; set; }
}

/// <summary>
/// The one source of absolute URLs. Never built from the request's <c>Host</c> or scheme: those are whatever the
/// client or a proxy sent, and a forged <c>Host</c> would otherwise end up in calendar files and e-mails.
/// </summary>
public sealed class PublicSite(IOptions<SiteOptions> options)
{
    private readonly Lazy<Uri> _base = new(() => Parse(options.Value.PublicBaseUrl)
        ?? throw new InvalidOperationException(
            "Site:PublicBaseUrl is not set to an absolute http(s) address, e.g. https://polku.example.fi; Polku cannot write links without it."));

    /// <summary>The configured base without a trailing slash, e.g. <c>https://polku.example.fi</c>.</summary>
    public string BaseUrl => _base.Value.AbsoluteUri.TrimEnd('/');

    /// <summary>Scheme, host and port only, as a browser sends it in the <c>Origin</c> header.</summary>
    public string Origin => _base.Value.GetLeftPart(UriPartial.Authority);

    /// <summary>An absolute URL for a path of this site, e.g. <c>Url("/me/messages")</c>.</summary>
    public string Url(string pathAndQuery)
    {
        ArgumentNullException.ThrowIfNull(pathAndQuery);
        if (!pathAndQuery.StartsWith('/'))
        {
            throw new ArgumentException("The path must start with '/'.", nameof(pathAndQuery));
        }

        return BaseUrl + pathAndQuery;
    }

    /// <summary>An absolute http(s) URL without query or fragment, or null.</summary>
    public static Uri? Parse(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            ? uri
            : null;
}
