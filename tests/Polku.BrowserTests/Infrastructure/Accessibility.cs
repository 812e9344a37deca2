using System.Globalization;
using System.Text;
using System.Text.Json;
using Deque.AxeCore.Commons;
using Microsoft.Playwright;

namespace Polku.BrowserTests.Infrastructure;

/// <summary>
/// Runs axe-core against a page and checks WCAG 2.1 level A and AA.
/// </summary>
/// <remarks>
/// axe runs inside the page with <c>axe.run</c> and only violations are sent back. The Playwright
/// binding's own <c>RunAxe</c> was not used: it finishes every run in a second, freshly opened page
/// and serialises every passing node, which made one check cost 2–5 s on a two-core machine against
/// 0.1–1.5 s for axe's work itself. Polku's pages have no frames, so a single-document run sees all
/// of them (axe's partial runs exist for cross-origin frames).
/// </remarks>
public static class Accessibility
{
    /// <summary>The axe rule tags checked: WCAG 2.0 and 2.1, levels A and AA.</summary>
    public static IReadOnlyList<string> WcagTags { get; } = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private const int MaxNodesPerViolation = 5;
    private const int MaxHtmlLength = 300;

    /// <summary>axe-core as bundled with Deque.AxeCore.Commons (the version pinned in Directory.Packages.props).</summary>
    private static readonly Lazy<string> AxeSource = new(() => new BundledAxeScriptProvider().GetScript());

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    // Runs in the page: violations only, each node reduced to what the report prints.
    private const string RunScript = """
        async (tags) => {
          const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
          return JSON.stringify(result.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({ target: n.target.map(String).join(' '), html: n.html, failureSummary: n.failureSummary })),
          })));
        }
        """;

    /// <summary>Fails the test when axe finds any WCAG 2.1 A/AA violation on the page.</summary>
    public static async Task AssertNoViolationsAsync(IPage page)
    {
        var report = await FindViolationsAsync(page);
        if (report is not null)
        {
            Assert.Fail(report);
        }
    }

    /// <summary>
    /// Runs axe on the page as it is now. Returns null when there are no violations, else a report
    /// listing each violation's rule id, impact, help text and link, and the offending elements.
    /// </summary>
    public static async Task<string?> FindViolationsAsync(IPage page)
    {
        // Evaluated through the DevTools protocol, so the page's Content-Security-Policy does not block it.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync(AxeSource.Value);
        }

        var json = await page.EvaluateAsync<string>(RunScript, WcagTags.ToArray());
        var violations = JsonSerializer.Deserialize<Violation[]>(json, Json) ?? [];
        return violations.Length == 0 ? null : FormatViolations(page.Url, violations);
    }

    private static string FormatViolations(string url, Violation[] violations)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"axe found {violations.Length} WCAG 2.1 A/AA violation(s) on {url}:");
        foreach (var violation in violations)
        {
            var nodes = violation.Nodes ?? [];
            text.AppendLine();
            text.Append(CultureInfo.InvariantCulture,
                $"- {violation.Id} [{violation.Impact ?? "unknown impact"}]: {violation.Help}");
            if (!string.IsNullOrEmpty(violation.HelpUrl))
            {
                text.Append(CultureInfo.InvariantCulture, $" ({violation.HelpUrl})");
            }

            foreach (var node in nodes.Take(MaxNodesPerViolation))
            {
                text.AppendLine();
                text.Append(CultureInfo.InvariantCulture, $"    at {node.Target}: {Truncate(node.Html)}");
                // axe's own summary: "Fix all of the following: …" / "Fix any of the following: …".
                if (OneLine(node.FailureSummary ?? string.Empty) is { Length: > 0 } failure)
                {
                    text.AppendLine();
                    text.Append("      ").Append(failure);
                }
            }

            if (nodes.Length > MaxNodesPerViolation)
            {
                text.AppendLine();
                text.Append(CultureInfo.InvariantCulture,
                    $"    ... and {nodes.Length - MaxNodesPerViolation} more element(s)");
            }
        }

        return text.ToString();
    }

    private sealed record Violation(string Id, string? Impact, string? Help, string? HelpUrl, ViolationNode[]? Nodes);

    private sealed record ViolationNode(string? Target, string? Html, string? FailureSummary);

    private static string Truncate(string? html)
    {
        var line = OneLine(html ?? string.Empty);
        return line.Length <= MaxHtmlLength ? line : string.Concat(line.AsSpan(0, MaxHtmlLength), "…");
    }

    private static string OneLine(string value) =>
        string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
