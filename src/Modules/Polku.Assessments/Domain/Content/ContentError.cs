namespace Polku.Assessments.Domain.Content;

/// <summary>A problem in a content file: the file name, a JSON path such as <c>$.items[3].enableWhen[0].question</c>, and a plain explanation.</summary>
internal sealed record ContentError(string File, string Path, string Message)
{
    public override string ToString() => $"{File}: {Path}: {Message}";
}
