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

    /// <summary>The e-forms a resident can fill in, with their own submissions and drafts.</summary>
    public const string Forms = "/forms";

    /// <summary>The start page of one form (answering uses the assessments' pages).</summary>
    public static string Form(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return Forms + "/" + Uri.EscapeDataString(id);
    }

    /// <summary>A pre-information form for one appointment.</summary>
    public static string PreInformation(string formId, Guid appointmentId) => Form(formId) + $"?appointment={appointmentId:D}";

    /// <summary>A submitted form's status timeline, as the resident (or their guardian) follows it.</summary>
    public static string FormSubmission(Guid submissionId) => $"{Forms}/submissions/{submissionId:D}";

    /// <summary>A submitted form at the desk, as the professional reads it.</summary>
    public static string DeskForm(Guid submissionId) => $"/desk/forms/{submissionId:D}";
}
