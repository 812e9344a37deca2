using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Data;
using Polku.Contacts.Contracts;
using Polku.Platform.Persistence;

namespace Polku.Assessments.Flow;

/// <summary>
/// A completed assessment: an anonymous one to whoever has its result (its id is the key, as for the result page), an
/// identified one to its resident or the person who answered it for them.
/// </summary>
internal sealed class AssessmentFeedbackSubjects(PolkuDb db) : IFeedbackSubjects
{
    public string Kind => "assessment";

    public async Task<FeedbackSubject?> FindAsync(Guid id, FeedbackCaller caller, CancellationToken cancellationToken = default)
    {
        var r = await db.Set<AssessmentResponse>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, cancellationToken);
        if (r is null || r.State == ResponseState.Draft || r.CompletedUtc is null)
        {
            return null;
        }

        if (r.ResidentId is { } owner && caller.ResidentId != owner && caller.ResidentId != r.AnsweredById)
        {
            return null;
        }

        return new FeedbackSubject(Kind, r.Id, r.ResidentId, r.ServiceCode, "assessment", AssessmentService.Channel, r.MunicipalityCode, null);
    }
}
