namespace Polku.BrowserTests.Infrastructure;

/// <summary>
/// Decides whether browser tests can run on this machine.
/// Chromium comes from <c>POLKU_TEST_CHROMIUM</c>, else <c>/usr/bin/chromium</c>.
/// Without Chromium the tests are skipped locally, but under <c>CI=true</c> they run and fail,
/// so a CI machine without a browser can never pass by skipping.
/// </summary>
public static class BrowserEnvironment
{
    public const string ChromiumVariable = "POLKU_TEST_CHROMIUM";
    public const string DefaultChromiumPath = "/usr/bin/chromium";

    private static readonly Lazy<string?> Chromium = new(FindChromium);

    /// <summary>True when the environment variable <c>CI</c> is <c>true</c>.</summary>
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Absolute path of the Chromium executable, or null when none was found.</summary>
    public static string? ChromiumPath => Chromium.Value;

    /// <summary>Why browser tests are skipped, or null when they must run.</summary>
    public static string? SkipReason =>
        ChromiumPath is null && !IsCi
            ? $"Chromium not found ({DescribeSearch()}). Install chromium or set {ChromiumVariable}; under CI=true these tests fail instead of skipping."
            : null;

    /// <summary>Returns the Chromium path or throws with an explanation (used under CI=true).</summary>
    public static string RequireChromium() =>
        ChromiumPath ?? throw new InvalidOperationException(
            $"Browser tests must run under CI=true, but Chromium was not found ({DescribeSearch()}). " +
            $"Install it (apt-get install chromium) or set {ChromiumVariable} to the executable.");

    private static string? FindChromium()
    {
        var configured = Environment.GetEnvironmentVariable(ChromiumVariable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            // An explicit setting wins; a wrong one is reported rather than silently replaced.
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        return File.Exists(DefaultChromiumPath) ? DefaultChromiumPath : null;
    }

    private static string DescribeSearch()
    {
        var configured = Environment.GetEnvironmentVariable(ChromiumVariable);
        return string.IsNullOrWhiteSpace(configured)
            ? $"{ChromiumVariable} is not set and {DefaultChromiumPath} does not exist"
            : $"{ChromiumVariable}={configured} does not exist";
    }
}

/// <summary>
/// A fact that needs a browser: skipped when Chromium is missing, except under <c>CI=true</c>
/// where it runs (and fails with a clear message).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (BrowserEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A theory that needs a browser; see <see cref="BrowserFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (BrowserEnvironment.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
