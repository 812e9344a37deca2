namespace Polku.BrowserTests;

/// <summary>
/// The application's pages that anyone can open without logging in. Page-level tests
/// (accessibility, language, status) run over every entry in every language, so a new
/// anonymous page only needs a line here. Pages behind login get their own tests.
/// </summary>
public static class PageCatalog
{
    /// <summary>UI languages: Finnish, Swedish, English.</summary>
    public static IReadOnlyList<string> Languages { get; } = ["fi", "sv", "en"];

    /// <summary>Relative URLs of pages that need no login.</summary>
    public static IReadOnlyList<string> AnonymousPages { get; } =
    [
        "/",
    ];

    /// <summary>Every anonymous page in every language, as theory data (url, language).</summary>
    public static TheoryData<string, string> AnonymousPagesInAllLanguages()
    {
        var data = new TheoryData<string, string>();
        foreach (var url in AnonymousPages)
        {
            foreach (var language in Languages)
            {
                data.Add(url, language);
            }
        }

        return data;
    }
}
