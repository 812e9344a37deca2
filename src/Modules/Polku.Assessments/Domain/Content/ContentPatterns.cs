using System.Text.RegularExpressions;

namespace Polku.Assessments.Domain.Content;

/// <summary>The spelling rules of names in content: ids and linkIds, versions, scale names.</summary>
internal static partial class ContentPatterns
{
    /// <summary>Assessment ids and item linkIds: lower-case letters, digits and '-'.</summary>
    [GeneratedRegex("^[a-z0-9-]+$")]
    public static partial Regex Id();

    /// <summary>Versions such as 1.0.0.</summary>
    [GeneratedRegex("^[0-9]+(\\.[0-9]+)*$")]
    public static partial Regex Version();

    /// <summary>Scale names, read in expressions as <c>$name</c>: a letter, then letters, digits, '-' or '_'.</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]*$")]
    public static partial Regex ScaleName();
}
