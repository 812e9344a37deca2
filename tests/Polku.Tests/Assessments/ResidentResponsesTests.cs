using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Data;
using Polku.Assessments.Flow;
using Polku.Platform.Audit;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Assessments;

/// <summary>The assessment pages' changes to a resident's own responses, each one unit of work with its audit row.</summary>
public sealed class ResidentResponsesTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_draft_is_saved_again_in_place_and_its_audit_row_commits_with_it(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var residentId = Guid.NewGuid();
        var now = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        Guid draftId;
        using (var scope = app.Services.CreateScope())
        {
            var responses = scope.ServiceProvider.GetRequiredService<ResidentResponses>();
            var audit = scope.ServiceProvider.GetRequiredService<AuditScope>();
            audit.Touch(residentId, AuditAccess.Change, "uow.draft");
            var first = await responses.SaveDraftAsync(new DraftAnswers(null, residentId, residentId, "test", "1", "{\"a\":1}", "638", "fi", now), CancellationToken.None);
            Assert.True(first.IsSuccess);
            draftId = first.Value;
            Assert.False(audit.HasPending);
            var second = await responses.SaveDraftAsync(new DraftAnswers(draftId, residentId, residentId, "test", "1", "{\"a\":2}", "638", "sv", now), CancellationToken.None);
            Assert.Equal(draftId, second.Value);
        }

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var draft = await db.Set<AssessmentResponse>().AsNoTracking().SingleAsync(r => r.ResidentId == residentId);
            Assert.Equal((draftId, ResponseState.Draft, "{\"a\":2}", "sv", 2), (draft.Id, draft.State, draft.AnswersJson, draft.Language, draft.Version));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.SubjectPersonId == residentId && e.Action == "uow.draft" && e.Access == "change"));
        }

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<ResidentResponses>().DiscardDraftAsync(draftId, residentId, CancellationToken.None);
            Assert.False(await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<AssessmentResponse>().AnyAsync(r => r.Id == draftId));
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Sending_an_anonymous_result_claims_it_even_when_the_send_is_refused(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var residentId = Guid.NewGuid();
        var responseId = Guid.NewGuid();
        var now = new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Utc);
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            // A result of content that is not in the catalogue: it cannot be sent.
            db.Set<AssessmentResponse>().Add(new AssessmentResponse
            {
                Id = responseId, AssessmentId = "no-such-assessment", AssessmentVersion = "1", State = ResponseState.Completed,
                CreatedUtc = now, CompletedUtc = now,
            });
            await db.SaveChangesAsync();
        }

        using (var scope = app.Services.CreateScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<ResidentResponses>()
                .SendAsync(responseId, residentId, residentId, claim: true, CancellationToken.None);
            Assert.Equal("assessments.error.not_sendable", result.Error?.Code);
        }

        using (var scope = app.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<AssessmentResponse>().AsNoTracking().SingleAsync(r => r.Id == responseId);
            Assert.Equal((residentId, residentId, ResponseState.Completed), (stored.ResidentId, stored.AnsweredById, stored.State));
        }
    }
}
