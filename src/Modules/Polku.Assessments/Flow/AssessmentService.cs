using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Contracts;
using Polku.Assessments.Catalog;
using Polku.Assessments.Contracts;
using Polku.Assessments.Data;
using Polku.Assessments.Domain;
using Polku.Assessments.Domain.Content;
using Polku.Assessments.Domain.Engine;
using Polku.Assessments.Domain.Routing;
using Polku.Assessments.LocalRouting;
using Polku.Contacts.Contracts;
using Polku.Platform.Idempotency;
using Polku.Platform.Journal;
using Polku.Platform.Observability;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Assessments.Flow;

/// <summary>What a resident (or an API client) submits: the answers and where and when they are.</summary>
internal sealed record Submission(
    CompiledAssessment Assessment,
    JsonObject Answers,
    string? Municipality,
    DateTimeOffset At,
    int? Age,
    string? Sex,
    string Language,
    Guid? ResidentId,
    Guid? AnsweredById,
    IdempotencyKey? IdempotencyKey);

/// <summary>An evaluated answer set and, for anything but self-care, where local routing sends the resident.</summary>
internal sealed record Routed(Evaluation Evaluation, RoutingDecision? Routing);

/// <summary>
/// Evaluates, routes, stores and sends assessments. Evaluation itself is the pure engine; this adds the county's
/// routing table, the response record (with the exact content version), service events and the hand-over to the
/// desk's work queues.
/// </summary>
internal sealed class AssessmentService(
    PolkuDb db,
    UnitOfWork unit,
    AssessmentCatalog catalog,
    RoutingStore routing,
    ServiceJournal journal,
    TimeProvider time,
    IWorkInbox inbox,
    IUnitDirectory units,
    IdempotencyStore idempotency,
    IEnumerable<ISlotAvailability> availability,
    IEnumerable<IChatAvailability> chat,
    PolkuMetrics metrics)
{
    public const string Channel = "assessment";

    /// <summary>After a failed evaluation: each answer at fault with its code (for a 400 naming the linkIds).</summary>
    public IReadOnlyList<AnswerError> AnswerErrors { get; private set; } = [];

    /// <summary>Reads JSON answers into the engine's answer set; errors name the linkIds.</summary>
    public static AnswerSetResult ReadAnswers(CompiledAssessment assessment, JsonObject answers) =>
        AnswerSet.FromJson(JsonSerializer.SerializeToElement(answers), assessment);

    /// <summary>Evaluates answers (errors in the answers are in <see cref="Evaluation.Errors"/>).</summary>
    public static Evaluation Evaluate(CompiledAssessment assessment, AnswerSet answers, string? municipality, DateTimeOffset at, int? age, string? sex) =>
        AssessmentEngine.Evaluate(assessment, answers, new EvaluationContext(age, sex, municipality, HelsinkiTime.LocalDate(at)));

    /// <summary>Routes a recommendation; null for self-care or when the municipality is unknown.</summary>
    public async Task<RoutingDecision?> RouteAsync(Urgency urgency, string? serviceCode, string? municipality, DateTimeOffset at, CancellationToken ct)
    {
        if (urgency == Urgency.S || municipality is null)
        {
            return null;
        }

        var (_, table) = await routing.CurrentAsync(ct);
        return await RoutingCapacity.ResolveAsync(table, urgency, serviceCode, municipality, at, availability.FirstOrDefault(), ct, chat.FirstOrDefault());
    }

    /// <summary>Evaluates and routes without storing anything (the API's evaluate, the simulator of a result).</summary>
    public async Task<Result<Routed>> EvaluateAsync(CompiledAssessment assessment, JsonObject answers, string? municipality, DateTimeOffset at, int? age, string? sex, CancellationToken ct)
    {
        if (assessment.Definition.Kind == AssessmentKind.Form)
        {
            // A form has no result to show or route: it is sent to the desk (FormService, POST /api/forms/{id}/submissions).
            return Error.Validation("assessments.error.is_form", "id");
        }

        if (municipality is not null && !await units.MunicipalityExistsAsync(municipality, ct))
        {
            return Error.Validation("assessments.error.municipality", "context.municipality");
        }

        var read = ReadAnswers(assessment, answers);
        if (!read.IsValid)
        {
            AnswerErrors = read.Errors;
            return Error.Validation("assessments.error.answers_invalid", string.Join(",", read.Errors.Select(e => e.LinkId).Distinct()));
        }

        var evaluation = Evaluate(assessment, read.Answers, municipality, at, age, sex);
        if (!evaluation.IsValid)
        {
            AnswerErrors = evaluation.Errors;
            return Error.Validation("assessments.error.answers_invalid", string.Join(",", evaluation.Errors.Select(e => e.LinkId).Distinct()));
        }

        var decision = evaluation.Recommendation is { } r ? await RouteAsync(r.Urgency, r.ServiceCode, municipality, at, ct) : null;
        return new Routed(evaluation, decision);
    }

    /// <summary>Records that a resident opened the first page of an assessment.</summary>
    public Task StartedAsync(CompiledAssessment assessment, string? municipality, Guid? residentId, CancellationToken ct) =>
        unit.RunAsync(_ =>
        {
            journal.Record("assessment.started", Channel, digital: true, residentId: residentId, municipalityCode: municipality, detail: assessment.Id + "@" + assessment.Version);
            return Task.CompletedTask;
        }, ct);

    /// <summary>
    /// Evaluates, routes and stores a completed assessment. A repeated idempotency key (scoped to the caller) returns
    /// the response stored the first time instead of a second one; the key reused for other answers is refused.
    /// </summary>
    /// <remarks>
    /// Insert-first idempotency: the key is remembered in the same unit as the response without looking it up first
    /// (one read less on every submit); its primary key decides. When the commit meets the key already stored — a
    /// retry, or a twin arriving at the same moment — the unit rolls back and the submit answers as the stored key
    /// says: the first response again, or 422 for a key reused with other answers.
    /// </remarks>
    public async Task<Result<(AssessmentResponse Response, Routed Routed)>> SubmitAsync(Submission s, CancellationToken ct)
    {
        Result<(AssessmentResponse Response, Routed Routed)> result;
        try
        {
            result = await unit.RunAsync(c => SubmitInUnitAsync(s, c), ct);
        }
        catch (DbUpdateException) when (s.IdempotencyKey is not null)
        {
            if (await RepeatedAsync(s.IdempotencyKey, ct) is { } repeated)
            {
                return repeated;
            }

            // Not the key: something else failed to save.
            throw;
        }

        if (result.IsSuccess)
        {
            metrics.AssessmentSubmitted(s.Assessment.Id, signedIn: s.ResidentId is not null);
        }

        return result;
    }

    private async Task<Result<(AssessmentResponse Response, Routed Routed)>> SubmitInUnitAsync(Submission s, CancellationToken ct)
    {
        var evaluated = await EvaluateAsync(s.Assessment, s.Answers, s.Municipality, s.At, s.Age, s.Sex, ct);
        if (evaluated.Error is { } error)
        {
            return error;
        }

        var (evaluation, decision) = evaluated.Value!;
        var recommendation = evaluation.Recommendation!;
        var now = time.GetUtcNow();
        var response = new AssessmentResponse
        {
            Id = Guid.NewGuid(),
            AssessmentId = s.Assessment.Id,
            AssessmentVersion = s.Assessment.Version,
            ResidentId = s.ResidentId,
            AnsweredById = s.AnsweredById,
            MunicipalityCode = s.Municipality,
            Language = s.Language,
            State = ResponseState.Completed,
            AnswersJson = AnswersJson(evaluation.Answers),
            Urgency = recommendation.Urgency.ToString(),
            ServiceCode = recommendation.ServiceCode,
            OutcomeId = recommendation.OutcomeId,
            ScalesJson = EvaluationJson.Scales(evaluation).ToJsonString(),
            TraceJson = EvaluationJson.Trace(evaluation).ToJsonString(),
            RoutingRowId = decision?.Row?.Id,
            DestinationKind = decision?.Destination?.Kind.ToString(),
            CreatedUtc = now.UtcDateTime,
            CompletedUtc = now.UtcDateTime,
        };
        db.Set<AssessmentResponse>().Add(response);
        if (s.IdempotencyKey is { } remembered)
        {
            idempotency.Remember(remembered, response.Id.ToString());
        }

        journal.Record("assessment.completed", Channel, digital: true, residentId: s.ResidentId, municipalityCode: s.Municipality,
            serviceCode: recommendation.ServiceCode, outcome: recommendation.Urgency.ToString(), detail: s.Assessment.Id + "@" + s.Assessment.Version);
        if (decision?.Destination is { } destination)
        {
            journal.Record("assessment.routed", Channel, digital: true, residentId: s.ResidentId, municipalityCode: s.Municipality,
                serviceCode: recommendation.ServiceCode, outcome: destination.Kind.ToString(),
                detail: recommendation.Urgency + " " + decision.Row!.Id);
        }

        // Consent given in advance (spec 00, reference path 2): a signed-in resident who said yes to sending gets the
        // result to the desk in the same unit, without pressing "send" — when the outcome offers sending at all.
        if (s.ResidentId is { } resident && ConsentedToSend(s.Assessment, s.Answers)
            && s.Assessment.Definition.Outcomes.FirstOrDefault(o => o.Id == recommendation.OutcomeId) is { Offer.SendToProfessional: true })
        {
            await db.SaveChangesAsync(ct);
            var sent = await SendInUnitAsync(response.Id, resident, ct);
            if (sent.IsSuccess)
            {
                response.State = ResponseState.Sent;
                response.TaskId = sent.Value!.TaskId;
                response.QueueCode = sent.Value.QueueCode;
                db.Entry(response).State = EntityState.Detached;
            }
        }

        return (response, new Routed(evaluation, decision));
    }

    private static bool ConsentedToSend(CompiledAssessment assessment, JsonObject answers) =>
        assessment.Definition.SendConsentItem is { } item && answers[item] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    /// <summary>
    /// Sends a completed result to a professional's work queue with the resident's consent: the routed queue when
    /// routing chose one, else the municipality's social services for service assessments, else its health station,
    /// else the digital sote-centre.
    /// </summary>
    /// <remarks>
    /// One unit of work: the desk's task (through <see cref="IWorkInbox"/>, which joins it), the response's state and
    /// the service event commit together; when a simultaneous send wins, the task this one added is rolled back too.
    /// </remarks>
    public Task<Result<InboundWorkReceipt>> SendAsync(Guid responseId, Guid residentId, CancellationToken ct) =>
        unit.RunAsync(c => SendInUnitAsync(responseId, residentId, c), ct);

    private async Task<Result<InboundWorkReceipt>> SendInUnitAsync(Guid responseId, Guid residentId, CancellationToken ct)
    {
        var response = await db.Set<AssessmentResponse>().FirstOrDefaultAsync(r => r.Id == responseId && r.ResidentId == residentId, ct);
        if (response is null)
        {
            return Error.NotFound("assessments.error.unknown");
        }

        if (response.State == ResponseState.Sent)
        {
            return Error.Conflict("assessments.error.already_sent");
        }

        var assessment = catalog.Find(response.AssessmentId, response.AssessmentVersion);
        var outcome = assessment?.Definition.Outcomes.FirstOrDefault(o => o.Id == response.OutcomeId);
        if (assessment is null || outcome is null || response.State != ResponseState.Completed
            || !(outcome.Offer.SendToProfessional || response.DestinationKind is nameof(DestinationKind.WorkQueue) or nameof(DestinationKind.Callback)))
        {
            return Error.Validation("assessments.error.not_sendable", "responseId");
        }

        var queue = await QueueForAsync(response, ct);
        if (queue is null)
        {
            return Error.Validation("assessments.error.no_queue", "municipality");
        }

        var title = assessment.Definition.Title.Fi + " – " + response.Urgency;

        // The task is due no later than the window the result gave the resident (spec 02: what the resident is told
        // and what the professional sees must agree).
        var (_, table) = await routing.CurrentAsync(ct);
        var receipt = await inbox.SubmitAsync(new InboundWork(residentId, queue, "assessment-result", UrgencyClasses.Parse(response.Urgency) ?? Urgency.P4, title, response.Id,
            response.MunicipalityCode, response.ServiceCode, DueByUtc: AssessmentResults.WindowEnd(table, response)), ct);
        if (receipt.Error is { } error)
        {
            return error;
        }

        // Conditional: only the first of two simultaneous sends marks the response; the loser's unit rolls back with
        // the task it added.
        var changed = await db.Set<AssessmentResponse>()
            .Where(r => r.Id == responseId && r.State == ResponseState.Completed && r.Version == response.Version)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.State, ResponseState.Sent)
                .SetProperty(r => r.SentUtc, time.GetUtcNow().UtcDateTime)
                .SetProperty(r => r.TaskId, receipt.Value!.TaskId)
                .SetProperty(r => r.QueueCode, receipt.Value.QueueCode)
                .SetProperty(r => r.Version, r => r.Version + 1), ct);
        if (changed == 0)
        {
            return Error.Conflict("assessments.error.already_sent");
        }

        journal.Record("assessment.sent", Channel, digital: true, residentId: residentId, municipalityCode: response.MunicipalityCode,
            serviceCode: response.ServiceCode, outcome: response.Urgency, detail: response.AssessmentId + "@" + response.AssessmentVersion + " " + receipt.Value!.QueueCode);
        return receipt.Value;
    }

    public Task<AssessmentResponse?> FindAsync(Guid id, CancellationToken ct) =>
        db.Set<AssessmentResponse>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>Re-evaluates a stored response against its exact version (pure, so it reproduces what was shown).</summary>
    public Routed? Reproduce(AssessmentResponse response, RoutingDecision? decision)
    {
        if (catalog.Find(response.AssessmentId, response.AssessmentVersion) is not { } assessment)
        {
            return null;
        }

        var read = ReadAnswers(assessment, AnswerForm.Carried(response.AnswersJson));
        var at = new DateTimeOffset(DateTime.SpecifyKind(response.CompletedUtc ?? response.CreatedUtc, DateTimeKind.Utc));
        return new Routed(Evaluate(assessment, read.Answers, response.MunicipalityCode, at, null, null), decision);
    }

    private async Task<string?> QueueForAsync(AssessmentResponse response, CancellationToken ct)
    {
        var candidates = new List<string>();
        if (response.RoutingRowId is not null && response.DestinationKind is nameof(DestinationKind.WorkQueue) or nameof(DestinationKind.Callback))
        {
            var (_, table) = await routing.CurrentAsync(ct);
            if (table.Rows.FirstOrDefault(r => r.Id == response.RoutingRowId)?.Destination.Unit is { } unit)
            {
                candidates.Add(unit);
            }
        }

        foreach (var code in candidates)
        {
            if (await units.FindByCodeAsync(code, ct) is not null)
            {
                return code;
            }
        }

        // The unit serving the resident's municipality for this kind of matter, else the digital sote-centre.
        var kind = response.ServiceCode == "social-counselling" ? UnitKinds.SocialServices : UnitKinds.HealthStation;
        var serving = response.MunicipalityCode is { } m ? await units.ServingAsync(m, kind, ct) : null;
        return (serving ?? await units.ServingAsync(null, UnitKinds.Digital, ct))?.Code;
    }

    /// <summary>The answer to a repeated key: the first response, or the error for a key reused; null when the key is new.</summary>
    private async Task<Result<(AssessmentResponse, Routed)>?> RepeatedAsync(IdempotencyKey key, CancellationToken ct)
    {
        var seen = await idempotency.FindAsync(key, ct);
        if (seen.Match == IdempotencyMatch.Reused)
        {
            return IdempotencyLookup.ReusedError;
        }

        if (seen.Match == IdempotencyMatch.Repeat && Guid.TryParse(seen.ResourceId, out var id)
            && await db.Set<AssessmentResponse>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct) is { } earlier)
        {
            return await ReplayAsync(earlier, ct);
        }

        return null;
    }

    private async Task<Result<(AssessmentResponse, Routed)>> ReplayAsync(AssessmentResponse earlier, CancellationToken ct)
    {
        RoutingDecision? decision = null;
        if (earlier.Urgency is { } u && UrgencyClasses.Parse(u) is { } urgency)
        {
            var at = new DateTimeOffset(DateTime.SpecifyKind(earlier.CompletedUtc ?? earlier.CreatedUtc, DateTimeKind.Utc));
            decision = await RouteAsync(urgency, earlier.ServiceCode, earlier.MunicipalityCode, at, ct);
        }

        return Reproduce(earlier, decision) is { } routed
            ? (earlier, routed)
            : Error.NotFound("assessments.error.unknown");
    }

    private static string AnswersJson(AnswerSet answers)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            answers.WriteJson(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
