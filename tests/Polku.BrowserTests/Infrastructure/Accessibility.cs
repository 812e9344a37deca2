using System.Globalization;
using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Polku.BrowserTests.Infrastructure;

/// <summary>Runs axe-core against a page and checks WCAG 2.1 level A and AA.</summary>
public static class Accessibility
{
    /// <summary>The axe rule tags checked: WCAG 2.0 and 2.1, levels A and AA.</summary>
    public static IReadOnlyList<string> WcagTags { get; } = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

    private const int MaxNodesPerViolation = 5;
    private const int MaxHtmlLength = 300;

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
        var options = new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. WcagTags] },
        };
        var result = await page.RunAxe(options);
        var violations = result.Violations ?? [];
        return violations.Length == 0 ? null : FormatViolations(page.Url, violations);
    }

    private static string FormatViolations(string url, AxeResultItem[] violations)
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
                if (DescribeFailure(node) is { Length: > 0 } failure)
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

    // Same wording as axe's own failure summary: every "all"/"none" check must be fixed,
    // and at least one of the "any" checks.
    private static string DescribeFailure(AxeResultNode node)
    {
        static IEnumerable<string> Messages(IEnumerable<AxeResultCheck>? checks) =>
            (checks ?? []).Select(c => OneLine(c.Message ?? c.Id ?? string.Empty)).Where(m => m.Length > 0);

        var parts = new List<string>();
        var all = Messages(node.All).Concat(Messages(node.None)).ToList();
        if (all.Count > 0)
        {
            parts.Add("Fix all of: " + string.Join("; ", all));
        }

        var any = Messages(node.Any).ToList();
        if (any.Count > 0)
        {
            parts.Add("Fix any of: " + string.Join("; ", any));
        }

        return string.Join(" | ", parts);
    }

    private static string Truncate(string? html)
    {
        var line = OneLine(html ?? string.Empty);
        return line.Length <= MaxHtmlLength ? line : string.Concat(line.AsSpan(0, MaxHtmlLength), "…");
    }

    private static string OneLine(string value) =>
        string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
