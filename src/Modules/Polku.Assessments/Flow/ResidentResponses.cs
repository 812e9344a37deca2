using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Data;
using Polku.Contacts.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Assessments.Flow;

/// <summary>A resident's answers saved to finish later.</summary>
/// <param name="DraftId">The draft being saved again, or null for a new one.</param>
internal sealed record DraftAnswers(
    Guid? DraftId, Guid ResidentId, Guid? AnsweredById, string AssessmentId, string AssessmentVersion, string AnswersJson,
    string? MunicipalityCode, string Language, DateTime NowUtc);

/// <summary>One of a resident's own responses as their list shows it.</summary>
internal sealed record ResponseSummary(Guid Id, string AssessmentId, string AssessmentVersion, ResponseState State, string? Urgency, DateTime CreatedUtc);

/// <summary>
/// A resident's own assessment responses as the assessment pages read and change them: drafts saved to finish later,
/// and a result answered anonymously that the signed-in resident makes their own (claims) to send or book from it.
/// Each change is one unit of work; the page records the audit access before calling, so its audit row commits with
/// the change. Sending fails as <see cref="AssessmentService.SendAsync"/> does (<c>assessments.error.unknown</c>,
/// <c>assessments.error.already_sent</c>, <c>assessments.error.not_sendable</c>, <c>assessments.error.no_queue</c>,
/// and the inbox's codes).
/// </summary>
internal sealed class ResidentResponses(PolkuDb db, UnitOfWork unit, AssessmentService service, Polku.Platform.Journal.ServiceJournal journal)
{
    /// <summary>The resident's draft of the assessment, or null.</summary>
    public Task<AssessmentResponse?> DraftAsync(Guid draftId, Guid residentId, string assessmentId, CancellationToken ct) =>
        db.Set<AssessmentResponse>().AsNoTracking()
            .FirstOrDefaultAsync(r => r.Id == draftId && r.ResidentId == residentId && r.State == ResponseState.Draft && r.AssessmentId == assessmentId, ct);

    /// <summary>A response that is no longer a draft (completed or sent), or null; whose it is is the caller's check.</summary>
    public Task<AssessmentResponse?> ResultAsync(Guid responseId, CancellationToken ct) =>
        db.Set<AssessmentResponse>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == responseId && r.State != ResponseState.Draft, ct);

    /// <summary>The resident's latest responses, newest first.</summary>
    public Task<List<ResponseSummary>> RecentAsync(Guid residentId, int count, CancellationToken ct) =>
        db.Set<AssessmentResponse>().AsNoTracking()
            .Where(r => r.ResidentId == residentId)
            .OrderByDescending(r => r.CreatedUtc).Take(count)
            .Select(r => new ResponseSummary(r.Id, r.AssessmentId, r.AssessmentVersion, r.State, r.Urgency, r.CreatedUtc))
            .ToListAsync(ct);

    /// <summary>
    /// Saves the answers as the resident's draft: into the given draft when it is still theirs and a draft, else as a
    /// new one. Returns the draft's id.
    /// </summary>
    public Task<Result<Guid>> SaveDraftAsync(DraftAnswers d, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            var existing = d.DraftId is { } id
                ? await db.Set<AssessmentResponse>().FirstOrDefaultAsync(r => r.Id == id && r.ResidentId == d.ResidentId && r.State == ResponseState.Draft, c)
                : null;
            if (existing is null)
            {
                existing = new AssessmentResponse
                {
                    Id = Guid.NewGuid(),
                    AssessmentId = d.AssessmentId,
                    AssessmentVersion = d.AssessmentVersion,
                    ResidentId = d.ResidentId,
                    AnsweredById = d.AnsweredById,
                    State = ResponseState.Draft,
                    CreatedUtc = d.NowUtc,
                };
                db.Set<AssessmentResponse>().Add(existing);
            }

            existing.AnswersJson = d.AnswersJson;
            existing.MunicipalityCode = d.MunicipalityCode;
            existing.Language = d.Language;
            existing.Version++;
            return Result<Guid>.Ok(existing.Id);
        }, ct);

    /// <summary>Deletes the resident's draft once its answers were submitted; a draft already gone changes nothing.</summary>
    public Task DiscardDraftAsync(Guid draftId, Guid residentId, CancellationToken ct) =>
        unit.RunAsync(c => db.Set<AssessmentResponse>()
            .Where(x => x.Id == draftId && x.ResidentId == residentId && x.State == ResponseState.Draft).ExecuteDeleteAsync(c), ct);

    /// <summary>
    /// Makes a result answered anonymously the resident's own (nothing changes when it already has an owner), e.g.
    /// before booking from it.
    /// </summary>
    public Task ClaimAsync(Guid responseId, Guid residentId, Guid? answeredById, CancellationToken ct) =>
        unit.RunAsync(c => ClaimInUnitAsync(responseId, residentId, answeredById, c), ct);

    /// <summary>
    /// Sends the resident's result to a professional (<see cref="AssessmentService.SendAsync"/>), first making it
    /// theirs when <paramref name="claim"/> says it was answered anonymously. The claim stays even when the send fails:
    /// the result is the resident's own from the moment they act on it signed in.
    /// </summary>
    public Task<Result<InboundWorkReceipt>> SendAsync(Guid responseId, Guid residentId, Guid? answeredById, bool claim, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            if (claim)
            {
                await ClaimInUnitAsync(responseId, residentId, answeredById, c);
            }

            // Joins this unit; a failed send is undone back to its savepoint and the claim commits.
            return await service.SendAsync(responseId, residentId, c);
        }, static _ => true, ct);

    /// <remarks>
    /// A claim is a service event (<c>assessment.claimed</c>, spec 05): the anonymous assessment and the booking or sending
    /// that follows become one resident's path, so the funnel assessment → booking counts it.
    /// </remarks>
    private async Task<int> ClaimInUnitAsync(Guid responseId, Guid residentId, Guid? answeredById, CancellationToken ct)
    {
        var claimed = await db.Set<AssessmentResponse>().Where(r => r.Id == responseId && r.ResidentId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.ResidentId, residentId).SetProperty(r => r.AnsweredById, answeredById), ct);
        if (claimed > 0 && await db.Set<AssessmentResponse>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == responseId, ct) is { } response)
        {
            journal.Record("assessment.claimed", AssessmentService.Channel, digital: true, residentId: residentId, municipalityCode: response.MunicipalityCode,
                serviceCode: response.ServiceCode, outcome: response.Urgency, detail: response.AssessmentId + "@" + response.AssessmentVersion);
        }

        return claimed;
    }
}
