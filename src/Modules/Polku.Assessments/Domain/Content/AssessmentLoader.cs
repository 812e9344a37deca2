namespace Polku.Assessments.Domain.Content;

/// <summary>The outcome of loading content: the assessments that are valid and every error found in the others.</summary>
internal sealed record LoadResult(IReadOnlyList<CompiledAssessment> Assessments, IReadOnlyList<ContentError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Loads assessment content files (docs/assessment-content.md): reads, validates and compiles each,
/// collecting every problem with its file and JSON path instead of stopping at the first. Only the
/// directory listing and file reads are I/O; the rest is pure.
/// </summary>
internal static class AssessmentLoader
{
    /// <summary>Loads every <c>*.json</c> in a directory (not its subdirectories), in file-name order.</summary>
    public static LoadResult LoadDirectory(string directory)
    {
        var files = Directory.GetFiles(directory, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal);
        return LoadMany(files.Select(path => (Path.GetFileName(path), File.ReadAllText(path))));
    }

    public static LoadResult LoadFile(string path) => LoadMany([(Path.GetFileName(path), File.ReadAllText(path))]);

    /// <summary>Loads one file's text; <paramref name="fileName"/> is checked against <c>&lt;id&gt;.&lt;version&gt;.json</c>.</summary>
    public static LoadResult LoadString(string json, string fileName) => LoadMany([(fileName, json)]);

    /// <summary>Validates an already-built definition (e.g. an imported FHIR questionnaire); no file-name check.</summary>
    public static LoadResult Validate(AssessmentDefinition definition, string source)
    {
        var errors = new List<ContentError>();
        var compiled = AssessmentValidator.Compile(definition, source, errors);
        return new(compiled is null ? [] : [compiled], errors);
    }

    public static LoadResult LoadMany(IEnumerable<(string FileName, string Json)> files)
    {
        var errors = new List<ContentError>();
        var assessments = new List<CompiledAssessment>();
        var seen = new Dictionary<(string, string), string>();
        foreach (var (fileName, json) in files)
        {
            var definition = DefinitionReader.Read(json, fileName, errors);
            if (definition is null)
            {
                continue;
            }

            var expected = $"{definition.Id}.{definition.Version}.json";
            if (!string.Equals(fileName, expected, StringComparison.Ordinal))
            {
                errors.Add(new(fileName, "$", $"the file name must be '{expected}' (<id>.<version>.json)"));
                continue;
            }

            if (!seen.TryAdd((definition.Id, definition.Version), fileName))
            {
                errors.Add(new(fileName, "$.version", $"'{definition.Id}' version {definition.Version} is already defined in {seen[(definition.Id, definition.Version)]}"));
                continue;
            }

            var compiled = AssessmentValidator.Compile(definition, fileName, errors);
            if (compiled is not null)
            {
                assessments.Add(compiled);
            }
        }

        return new(assessments, errors);
    }
}
