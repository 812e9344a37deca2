using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Data;
using Polku.Contacts.Contracts;
using Polku.Platform.Persistence;

namespace Polku.Assessments.Forms;

/// <summary>A completed form, to its resident or the guardian who sent it (spec 05: feedback after a form).</summary>
internal sealed class FormFeedbackSubjects(PolkuDb db) : IFeedbackSubjects
{
    public string Kind => FormService.Channel;

    public async Task<FeedbackSubject?> FindAsync(Guid id, FeedbackCaller caller, CancellationToken cancellationToken = default)
    {
        var s = await db.Set<FormSubmission>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (s is null || s.Status != FormStatus.Completed || caller.ResidentId is not { } who || (who != s.ResidentId && who != s.SubmittedById))
        {
            return null;
        }

        return new FeedbackSubject(Kind, s.Id, s.ResidentId, s.ServiceCode, "form", FormService.Channel, s.MunicipalityCode, null);
    }
}
