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
    private readonly Dictionary<(string Id, string Version), string> _sources;

    public AssessmentCatalog(IOptions<AssessmentOptions> options)
        : this(Files(options.Value))
    {
    }

    internal AssessmentCatalog(IReadOnlyList<(string FileName, string Json)> files)
    {
        var assessments = Load(files);
        _sources = [];
        foreach (var (fileName, json) in files)
        {
            if (assessments.FirstOrDefault(a => fileName == $"{a.Id}.{a.Version}.json") is { } a)
            {
                _sources[(a.Id, a.Version)] = json;
            }
        }

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

    /// <summary>The content file's text, as published.</summary>
    public string? Source(CompiledAssessment assessment) => _sources.GetValueOrDefault((assessment.Id, assessment.Version));

    private static IReadOnlyList<(string FileName, string Json)> Files(AssessmentOptions options) =>
        options.ContentPath is { Length: > 0 } path
            ? [.. Directory.GetFiles(path, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).Select(f => (Path.GetFileName(f), File.ReadAllText(f)))]
            : [.. Embedded()];

    private static IReadOnlyList<CompiledAssessment> Load(IReadOnlyList<(string FileName, string Json)> files)
    {
        var result = AssessmentLoader.LoadMany(files);
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
