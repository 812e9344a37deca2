using Polku.Platform.Localization;

namespace Polku.Assessments.Contracts;

/// <summary>
/// An appointment's pre-information form (esitietolomake, spec 04 "E-forms"): the form, where the resident fills it
/// in for this appointment, and whether it has been sent — with the professional's view of the answers when it has.
/// </summary>
public sealed record PreInformationForm(string FormId, LocalizedText Title, string FillUrl, Guid? SubmissionId, string? DeskUrl);

/// <summary>What the appointments module asks the forms: is there a pre-information form for this appointment?</summary>
public interface IPreInformation
{
    /// <summary>The published pre-information form for appointments of the service, or null when it has none.</summary>
    Task<PreInformationForm?> ForAppointmentAsync(string serviceCode, Guid appointmentId, CancellationToken cancellationToken = default);

    /// <summary>The ids of the forms that are a pre-information form of some service (the control tower's savings estimate counts them).</summary>
    Task<IReadOnlySet<string>> FormIdsAsync(CancellationToken cancellationToken = default);
}
