using System.Reflection;
using Microsoft.Extensions.Options;
using Polku.Assessments.Domain.Content;

namespace Polku.Assessments.Catalog;

/// <summary>Where assessment content comes from.</summary>
public sealed class AssessmentOptions
{
    public const string Section = "Assessments";

    /// <summary>
    /// A directory of content files (<c>&lt;id&gt;.&lt;version&gt;.json</c>) to serve instead of the demo content built
    /// into the application — a county's own, reviewed assessments.
    /// </summary>
    public string? ContentPath { get; set; }
}

/// <summary>
/// The loaded, validated and compiled assessments, shared by every request. Content with any error stops the
/// application at start with every problem listed: a resident must never meet a half-valid assessment.
/// </summary>
internal sealed class AssessmentCatalog
{
    private readonly Dictionary<(string Id, string Version), CompiledAssessment> _byVersion;
    private readonly Dictionary<string, CompiledAssessment> _latest;

    public AssessmentCatalog(IOptions<AssessmentOptions> options)
        : this(Load(options.Value))
    {
    }

    internal AssessmentCatalog(IReadOnlyList<CompiledAssessment> assessments)
    {
        All = assessments;
        _byVersion = assessments.ToDictionary(a => (a.Id, a.Version));
        _latest = assessments
            .Where(a => a.Definition.Status == AssessmentStatus.Published)
            .GroupBy(a => a.Id, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.Version, VersionComparer.Instance).First(), StringComparer.Ordinal);
    }

    /// <summary>Every version loaded, drafts included.</summary>
    public IReadOnlyList<CompiledAssessment> All { get; }

    /// <summary>The newest published version of each assessment, ordered by kind, then title.</summary>
    public IEnumerable<CompiledAssessment> Published => _latest.Values.OrderBy(a => a.Definition.Kind).ThenBy(a => a.Id, StringComparer.Ordinal);

    /// <summary>The newest published version, or null.</summary>
    public CompiledAssessment? Find(string id) => _latest.GetValueOrDefault(id);

    /// <summary>An exact version (a stored response names its version), or null.</summary>
    public CompiledAssessment? Find(string id, string version) => _byVersion.GetValueOrDefault((id, version));

    private static IReadOnlyList<CompiledAssessment> Load(AssessmentOptions options)
    {
        var result = options.ContentPath is { Length: > 0 } path
            ? AssessmentLoader.LoadDirectory(path)
            : AssessmentLoader.LoadMany(Embedded());
        if (!result.IsValid)
        {
            throw new InvalidOperationException(
                "Assessment content has errors; fix them before starting:" + Environment.NewLine
                + string.Join(Environment.NewLine, result.Errors.Select(e => "  " + e)));
        }

        return result.Assessments;
    }

    /// <summary>The demo content under <c>content/assessments/</c>, embedded at build time.</summary>
    internal static IEnumerable<(string FileName, string Json)> Embedded()
    {
        var assembly = typeof(AssessmentCatalog).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("assessments/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (name["assessments/".Length..], reader.ReadToEnd());
        }
    }

    /// <summary>Orders "1.10.0" after "1.9.0".</summary>
    private sealed class VersionComparer : IComparer<string>
    {
        public static readonly VersionComparer Instance = new();

        public int Compare(string? x, string? y) =>
            Version.TryParse(x, out var a) && Version.TryParse(y, out var b) ? a.CompareTo(b) : string.CompareOrdinal(x, y);
    }
}
