namespace Polku.Assessments.Domain.Content;

/// <summary>A problem in a content file: the file name, a JSON path such as <c>$.items[3].enableWhen[0].question</c>, and a plain explanation.</summary>
internal sealed record ContentError(string File, string Path, string Message)
{
    public override string ToString() => $"{File}: {Path}: {Message}";
}

/// <summary>The errors found in one content file: each is recorded with the file's name.</summary>
internal sealed class ContentErrors(string file, List<ContentError> errors)
{
    /// <summary>How many errors the list holds (all files), so a step can tell whether it added any.</summary>
    public int Count => errors.Count;

    public void Add(string path, string message) => errors.Add(new(file, path, message));
}
