using Polku.Assessments.Contracts;

namespace Polku.Assessments.Forms;

/// <summary>The pre-information form of an appointment's service, found by the form's <c>appointmentServices</c>.</summary>
internal sealed class PreInformation(FormService forms) : IPreInformation
{
    public async Task<PreInformationForm?> ForAppointmentAsync(string serviceCode, Guid appointmentId, CancellationToken cancellationToken = default)
    {
        if (forms.PreInformationFor(serviceCode) is not { } form)
        {
            return null;
        }

        var sent = await forms.ForAppointmentAsync(appointmentId, cancellationToken);
        return new PreInformationForm(form.Id, form.Definition.Title, AssessmentsRoutes.PreInformation(form.Id, appointmentId), sent?.Id,
            sent is null ? null : AssessmentsRoutes.DeskForm(sent.Id));
    }

    public Task<IReadOnlySet<string>> FormIdsAsync(CancellationToken cancellationToken = default) => Task.FromResult(forms.PreInformationFormIds());
}
