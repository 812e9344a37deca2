namespace Polku.Assessments.Contracts;

/// <summary>
/// Addresses of the Assessments module's pages that other modules and the host link to (see
/// <c>Polku.Region.Contracts.RegionRoutes</c> for the rule).
/// </summary>
public static class AssessmentsRoutes
{
    /// <summary>Every published assessment: where a resident starts when a service needs an assessment first.</summary>
    public const string List = "/assessments";

    /// <summary>The start page of one assessment.</summary>
    public static string Assessment(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return List + "/" + Uri.EscapeDataString(id);
    }

    /// <summary>A result as the resident sees it (its id is the key of an anonymous result).</summary>
    public static string Result(Guid responseId) => $"{List}/results/{responseId:D}";

    /// <summary>A result sent to the desk, as the professional reads it.</summary>
    public static string DeskResult(Guid responseId) => $"/desk/assessments/{responseId:D}";
}
