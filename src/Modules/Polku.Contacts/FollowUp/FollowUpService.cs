using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Contracts;
using Polku.Contacts.Data;
using Polku.Contacts.Tasks;
using Polku.Platform.Audit;
using Polku.Platform.Journal;
using Polku.Platform.Live;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Time;

namespace Polku.Contacts.FollowUp;

/// <summary>A measurement as the resident gives it: the plan's type, field code → text ("5,6" or "5.6"), when, an optional note.</summary>
internal sealed record MeasurementDraft(string? Type, IReadOnlyDictionary<string, string?>? Values, DateTimeOffset? At, string? Note);

/// <summary>What recording a measurement did: whether it was outside the limits, and whether it started a new alert episode.</summary>
internal sealed record RecordedMeasurement(FollowUpMeasurement Measurement, bool Alert, bool NewEpisode);

/// <summary>Enrolment: the template, the first day, the resident, the queue that gets the alerts and the matter's case if any.</summary>
internal sealed record EnrolDraft(string? TemplateCode, DateOnly? Start, Guid ResidentId, Guid QueueId, Guid? CaseId, string? MunicipalityCode, string? ServiceCode);

/// <summary>What an enrolment starts from: the resident, the queue for the alerts, the matter's case, municipality and service.</summary>
internal sealed record EnrolSource(Guid ResidentId, WorkQueue Queue, Guid? CaseId, string? MunicipalityCode, string? ServiceCode);

/// <summary>One measurement with its values read back.</summary>
internal sealed record MeasurementRow(FollowUpMeasurement Measurement, IReadOnlyDictionary<string, decimal> Values);

/// <summary>A plan as its pages show it: the measurements, the schedule's slots so far and the ones without a value.</summary>
internal sealed record PlanView(FollowUpPlan Plan, PlanTemplate Template, IReadOnlyList<MeasurementRow> Measurements, IReadOnlyList<DateTime> Missed, int MissedLastWeek)
{
    public bool Active => Plan.State == FollowUpPlanState.Active;
}

/// <summary>
/// Etäseuranta — digital follow-up: a professional enrols a resident in a plan from a template, the resident records
/// measurements, a value outside the plan's clinical limits opens an alert task in the plan's queue once per episode,
/// and the professional ends or extends the plan. Every change is one unit of work with its service event.
/// </summary>
internal sealed class FollowUpService(
    PolkuDb db, UnitOfWork unit, TaskWriter writer, QueueWork work, ServiceJournal journal, TimeProvider time, PlanTemplates templates, AuditScope audit,
    Contracts.ICareRelationship care)
{
    public const string Channel = "follow-up";
    public const int MaxNoteLength = 500;

    /// <summary>How far a value may be from a schedule slot and still count as that slot's measurement.</summary>
    public static readonly TimeSpan SlotTolerance = TimeSpan.FromHours(6);

    /// <summary>A device's clock may run a little ahead of the server's; more than this is a time in the future.</summary>
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The longest a plan may run, from its start date.</summary>
    public const int MaxPlanDays = 366;

    public PlanTemplates Templates => templates;

    public async Task<IReadOnlyList<FollowUpPlan>> ResidentPlansAsync(Guid residentId, CancellationToken ct) =>
        await db.Set<FollowUpPlan>().AsNoTracking().Where(p => p.ResidentId == residentId)
            .OrderBy(p => p.State).ThenByDescending(p => p.StartDate).ToListAsync(ct);

    /// <summary>The resident's own plan; null for anyone else's, so its existence does not leak.</summary>
    public Task<FollowUpPlan?> ResidentPlanAsync(Guid residentId, Guid planId, CancellationToken ct) =>
        db.Set<FollowUpPlan>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId && p.ResidentId == residentId, ct);

    /// <summary>
    /// The plan when the professional may see it: a member of the queue its alerts go to, or with a care relationship
    /// with its resident (<see cref="Contracts.ICareRelationship"/>, as for the resident's other matters).
    /// </summary>
    public async Task<FollowUpPlan?> VisiblePlanAsync(Guid staffId, Guid planId, CancellationToken ct)
    {
        var plan = await db.Set<FollowUpPlan>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == planId, ct);
        if (plan is null)
        {
            return null;
        }

        return await work.IsMemberAsync(staffId, plan.QueueId, ct) || await care.ExistsAsync(staffId, plan.ResidentId, ct) ? plan : null;
    }

    /// <summary>The plans of a resident the professional may see (on the enrolment page, to avoid a second plan of the same kind).</summary>
    public async Task<IReadOnlyList<FollowUpPlan>> VisiblePlansOfAsync(Guid staffId, Guid residentId, CancellationToken ct)
    {
        var plans = await db.Set<FollowUpPlan>().AsNoTracking().Where(p => p.ResidentId == residentId).OrderByDescending(p => p.StartDate).ToListAsync(ct);
        var visible = new List<FollowUpPlan>(plans.Count);
        foreach (var p in plans)
        {
            if (await work.IsMemberAsync(staffId, p.QueueId, ct) || await care.ExistsAsync(staffId, p.ResidentId, ct))
            {
                visible.Add(p);
            }
        }

        return visible;
    }

    /// <summary>Where an enrolment from a task comes from: the task's resident, queue and case; null when the task is not visible to the professional.</summary>
    public async Task<EnrolSource?> SourceFromTaskAsync(Guid taskId, Guid staffId, CancellationToken ct)
    {
        if (await work.VisibleTaskAsync(taskId, staffId, ct) is not { } row || row.ResidentId == Guid.Empty)
        {
            return null;
        }

        var @case = await db.Set<Case>().AsNoTracking().FirstAsync(c => c.Id == row.Task.CaseId, ct);
        var queue = await db.Set<WorkQueue>().AsNoTracking().FirstAsync(q => q.Id == row.Task.QueueId, ct);
        return new EnrolSource(row.ResidentId, queue, @case.Id, @case.MunicipalityCode ?? queue.MunicipalityCode, @case.ServiceCode);
    }

    /// <summary>
    /// Where an enrolment from an appointment comes from: its resident, and the unit's work queue, which the
    /// professional must belong to (the alerts come to them); null otherwise.
    /// </summary>
    public async Task<EnrolSource?> SourceFromUnitAsync(Guid residentId, Guid unitId, string? serviceCode, Guid staffId, CancellationToken ct)
    {
        var queues = await db.Set<WorkQueue>().AsNoTracking().Where(q => q.UnitId == unitId && q.Channel == QueueChannels.Work && q.ClosedUtc == null).OrderBy(q => q.Code).ToListAsync(ct);
        foreach (var queue in queues)
        {
            if (await work.IsMemberAsync(staffId, queue.Id, ct))
            {
                return new EnrolSource(residentId, queue, null, queue.MunicipalityCode, serviceCode is { Length: > 0 and <= 60 } ? serviceCode : null);
            }
        }

        return null;
    }

    /// <summary>The plan with its measurements, the slots without a value up to now, and how many were missed in the last seven days.</summary>
    public async Task<PlanView> ViewAsync(FollowUpPlan plan, CancellationToken ct)
    {
        var template = templates.Find(plan.TemplateCode) ?? throw new InvalidOperationException($"Follow-up template {plan.TemplateCode} is no longer defined.");
        var rows = await db.Set<FollowUpMeasurement>().AsNoTracking().Where(m => m.PlanId == plan.Id).OrderBy(m => m.MeasuredUtc).ToListAsync(ct);
        var measurements = rows.Select(m => new MeasurementRow(m, ReadValues(m.ValuesJson))).ToList();
        var now = time.GetUtcNow().UtcDateTime;

        // A slot is missed once its tolerance has passed without a value; an ended plan expects nothing after its end.
        var until = now - SlotTolerance;
        if (plan.EndedUtc is { } ended && ended < until)
        {
            until = ended;
        }

        var from = HelsinkiTime.ToInstant(plan.StartDate, TimeOnly.MinValue).UtcDateTime;
        var slots = FollowUpSchedule.Slots(template, plan.StartDate, plan.EndDate, from, until);
        var missed = FollowUpSchedule.Missed(slots, rows.Select(r => r.MeasuredUtc), SlotTolerance);
        var weekAgo = now.AddDays(-7);
        return new PlanView(plan, template, measurements, missed, missed.Count(m => m >= weekAgo));
    }

    /// <summary>
    /// Enrols the resident (<c>followup.enrolled</c>). <c>followup.template_unknown</c>, <c>followup.start_invalid</c> (400);
    /// <c>followup.queue_not_member</c> (404) when the professional is not in the queue that would get the alerts.
    /// </summary>
    public async Task<Result<FollowUpPlan>> EnrolAsync(EnrolDraft draft, Guid staffId, CancellationToken ct)
    {
        if (templates.Find(draft.TemplateCode) is not { } template)
        {
            return Error.Validation("followup.template_unknown", "template");
        }

        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        if (draft.Start is not { } start || start < today || start > today.AddDays(90))
        {
            return Error.Validation("followup.start_invalid", "start");
        }

        if (!await work.IsMemberAsync(staffId, draft.QueueId, ct))
        {
            return Error.NotFound("followup.queue_not_member");
        }

        return await unit.RunAsync(async ct =>
        {
            var queue = await db.Set<WorkQueue>().AsNoTracking().FirstAsync(q => q.Id == draft.QueueId, ct);
            var now = time.GetUtcNow();
            var plan = new FollowUpPlan
            {
                Id = Guid.CreateVersion7(now),
                ResidentId = draft.ResidentId,
                TemplateCode = template.Code,
                QueueId = queue.Id,
                CaseId = draft.CaseId,
                MunicipalityCode = draft.MunicipalityCode ?? queue.MunicipalityCode,
                ServiceCode = draft.ServiceCode ?? template.ServiceCode ?? queue.ServiceCode,
                StartDate = start,
                EndDate = FollowUpSchedule.DefaultEnd(template, start),
                State = FollowUpPlanState.Active,
                CreatedUtc = now.UtcDateTime,
                CreatedBy = staffId,
            };
            db.Set<FollowUpPlan>().Add(plan);
            audit.Touch(plan.ResidentId, AuditAccess.Change);
            journal.Record("followup.enrolled", Channel, digital: true, plan.ResidentId, plan.MunicipalityCode, plan.ServiceCode, queue.UnitId,
                contactKind: "other", detail: template.Code);
            await Task.CompletedTask;
            return Result<FollowUpPlan>.Ok(plan);
        }, ct);
    }

    /// <summary>
    /// Records a measurement on the resident's own plan (<c>followup.measurement</c>, and <c>followup.alert</c> when it
    /// starts an alert episode). 404 <c>followup.not_found</c> for a plan that is not theirs; 409 <c>followup.plan_ended</c>;
    /// 400 <c>followup.type_invalid</c>, <c>followup.value_required|value_invalid|value_out_of_range|value_unknown</c>
    /// (field <c>values.&lt;code&gt;</c>), <c>followup.time_in_future|time_before_start</c> (field <c>at</c>), <c>followup.note_too_long</c>.
    /// </summary>
    public async Task<Result<RecordedMeasurement>> RecordAsync(Guid planId, Guid residentId, Guid recordedBy, MeasurementDraft draft, CancellationToken ct)
    {
        if (await ResidentPlanAsync(residentId, planId, ct) is not { } plan || templates.Find(plan.TemplateCode) is not { } template)
        {
            return Error.NotFound("followup.not_found");
        }

        if (plan.State != FollowUpPlanState.Active)
        {
            return Error.Conflict("followup.plan_ended");
        }

        var checkedValues = CheckValues(template, draft);
        if (checkedValues.Error is { } invalid)
        {
            return invalid;
        }

        var values = checkedValues.Value!;
        var now = time.GetUtcNow();
        var at = draft.At ?? now;
        if (at > now + FutureTolerance)
        {
            return Error.Validation("followup.time_in_future", "at");
        }

        if (at < HelsinkiTime.ToInstant(plan.StartDate, TimeOnly.MinValue))
        {
            return Error.Validation("followup.time_before_start", "at");
        }

        var note = string.IsNullOrWhiteSpace(draft.Note) ? null : draft.Note.Trim();
        if (note is { Length: > MaxNoteLength })
        {
            return Error.Validation("followup.note_too_long", "note");
        }

        var outOfLimits = values.Any(v => template.Field(v.Key)!.OutOfLimits(v.Value));
        return await unit.RunAsync(async ct =>
        {
            var measurement = new FollowUpMeasurement
            {
                Id = Guid.CreateVersion7(now),
                PlanId = plan.Id,
                ValuesJson = WriteValues(template, values),
                MeasuredUtc = at.UtcDateTime,
                RecordedUtc = now.UtcDateTime,
                RecordedBy = recordedBy,
                Note = note,
                OutOfLimits = outOfLimits,
            };
            db.Set<FollowUpMeasurement>().Add(measurement);
            audit.Touch(plan.ResidentId, AuditAccess.Change);
            journal.Record("followup.measurement", Channel, digital: true, plan.ResidentId, plan.MunicipalityCode, plan.ServiceCode, null,
                contactKind: "other", outcome: outOfLimits ? "out-of-limits" : "within-limits", detail: template.Code);
            var newEpisode = false;
            if (outOfLimits)
            {
                newEpisode = await AlertAsync(plan, template, measurement, values, ct);
            }

            return Result<RecordedMeasurement>.Ok(new RecordedMeasurement(measurement, outOfLimits, newEpisode));
        }, ct);
    }

    /// <summary>
    /// An out-of-limit value: starts an alert episode (a <c>follow-up-alert</c> task in the plan's queue) or joins the
    /// open one (a note in its history). Returns whether it started one.
    /// </summary>
    private async Task<bool> AlertAsync(FollowUpPlan plan, PlanTemplate template, FollowUpMeasurement measurement, IReadOnlyDictionary<string, decimal> values,
        CancellationToken ct)
    {
        var taskId = Guid.CreateVersion7(time.GetUtcNow());

        // The plan's queue while it is open; a closed one passes new alerts to an open queue of its unit or municipality.
        // With none open anywhere the value stays recorded as out of limits on the plan, without a task.
        if (await writer.OpenQueueForAsync(plan.QueueId, plan.ServiceCode, plan.MunicipalityCode, ct) is not { } queue)
        {
            return false;
        }

        // The episode is decided by this one statement, not by reading alert_task_id first: an episode starts only
        // where none is open (no task, or its task is done), and the row's lock makes a simultaneous second value wait
        // and then see the first one's task — on PostgreSQL the waiting UPDATE re-checks its WHERE against the committed
        // row (and cannot see the other's new task as done); on SQLite writers queue at BEGIN IMMEDIATE. So of any number
        // of simultaneous out-of-limit values on any number of nodes exactly one makes a task (BookingService.TryTakeSlotAsync
        // decides a slot the same way).
        var started = await db.Set<FollowUpPlan>()
            .Where(p => p.Id == plan.Id && p.State == FollowUpPlanState.Active
                && (p.AlertTaskId == null || db.Set<WorkTask>().Any(t => t.Id == p.AlertTaskId && t.State == TaskState.Done)))
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.AlertTaskId, taskId), ct) == 1;
        var note = Summary(template, values);
        if (started)
        {
            var tracked = await db.Set<FollowUpPlan>().FirstAsync(p => p.Id == plan.Id, ct);
            var @case = tracked.CaseId is { } caseId ? await db.Set<Case>().FirstOrDefaultAsync(c => c.Id == caseId, ct) : null;
            if (@case is null)
            {
                @case = writer.OpenCase(plan.ResidentId, plan.MunicipalityCode, plan.ServiceCode, Title(template));
                tracked.CaseId = @case.Id;
            }

            await writer.AddTaskAsync(@case, queue, TaskType.FollowUpAlert, Urgency.P2, Title(template), plan.Id, actorId: null, ct, taskId: taskId);
            writer.History(taskId, "follow-up-value", actorId: null, note: note);
            measurement.AlertTaskId = taskId;
            journal.Record("followup.alert", Channel, digital: true, plan.ResidentId, plan.MunicipalityCode, plan.ServiceCode, queue.UnitId,
                contactKind: "other", detail: template.Code);
            return true;
        }

        // An episode is open: the value joins its task. Read after the update, so it is the task that won.
        var open = await db.Set<FollowUpPlan>().AsNoTracking().Where(p => p.Id == plan.Id).Select(p => p.AlertTaskId).FirstAsync(ct);
        if (open is { } openTask)
        {
            writer.History(openTask, "follow-up-value", actorId: null, note: note);
            writer.Notify(LiveAudiences.Queue(plan.QueueId), "task.updated", openTask);
            measurement.AlertTaskId = openTask;
        }

        return false;
    }

    /// <summary>Ends the plan (<c>followup.ended</c>): no more reminders or alerts; 409 <c>followup.plan_ended</c> if already ended.</summary>
    public async Task<Result<bool>> EndAsync(Guid planId, Guid staffId, CancellationToken ct)
    {
        if (await VisiblePlanAsync(staffId, planId, ct) is not { } plan)
        {
            return Error.NotFound("followup.not_found");
        }

        return await unit.RunAsync(async ct =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            var changed = await db.Set<FollowUpPlan>().Where(p => p.Id == planId && p.State == FollowUpPlanState.Active)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.State, FollowUpPlanState.Ended).SetProperty(p => p.EndedUtc, now)
                    .SetProperty(p => p.EndedBy, staffId).SetProperty(p => p.Version, p => p.Version + 1), ct);
            if (changed == 0)
            {
                return Result<bool>.Fail(Error.Conflict("followup.plan_ended"));
            }

            audit.Touch(plan.ResidentId, AuditAccess.Change);
            journal.Record("followup.ended", Channel, digital: true, plan.ResidentId, plan.MunicipalityCode, plan.ServiceCode, null,
                contactKind: "other", outcome: "ended", detail: plan.TemplateCode);
            return Result<bool>.Ok(true);
        }, ct);
    }

    /// <summary>Moves the plan's last day later (at most <see cref="MaxPlanDays"/> from its start); 400 <c>followup.end_invalid</c>.</summary>
    public async Task<Result<bool>> ExtendAsync(Guid planId, Guid staffId, DateOnly? newEnd, CancellationToken ct)
    {
        if (await VisiblePlanAsync(staffId, planId, ct) is not { } plan)
        {
            return Error.NotFound("followup.not_found");
        }

        if (plan.State != FollowUpPlanState.Active)
        {
            return Error.Conflict("followup.plan_ended");
        }

        if (newEnd is not { } end || end <= plan.EndDate || end < HelsinkiTime.LocalDate(time.GetUtcNow()) || end > plan.StartDate.AddDays(MaxPlanDays - 1))
        {
            return Error.Validation("followup.end_invalid", "end");
        }

        return await unit.RunAsync(async ct =>
        {
            var changed = await db.Set<FollowUpPlan>().Where(p => p.Id == planId && p.State == FollowUpPlanState.Active && p.EndDate < end)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.EndDate, end).SetProperty(p => p.Version, p => p.Version + 1), ct);
            if (changed == 0)
            {
                return Result<bool>.Fail(Error.Conflict("followup.plan_changed"));
            }

            audit.Touch(plan.ResidentId, AuditAccess.Change);
            journal.Record("followup.extended", Channel, digital: true, plan.ResidentId, plan.MunicipalityCode, plan.ServiceCode, null,
                contactKind: "other", detail: plan.TemplateCode);
            return Result<bool>.Ok(true);
        }, ct);
    }

    /// <summary>The plan's fields checked against the template: numbers (a decimal comma too), within the plausible range.</summary>
    internal static Result<IReadOnlyDictionary<string, decimal>> CheckValues(PlanTemplate template, MeasurementDraft draft)
    {
        if (draft.Type is not null && draft.Type != template.Type)
        {
            return Error.Validation("followup.type_invalid", "type");
        }

        var given = draft.Values ?? new Dictionary<string, string?>();
        foreach (var key in given.Keys)
        {
            if (template.Field(key) is null)
            {
                return Error.Validation("followup.value_unknown", "values." + key);
            }
        }

        var values = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var field in template.Fields)
        {
            var text = given.TryGetValue(field.Code, out var t) ? t?.Trim() : null;
            if (string.IsNullOrEmpty(text))
            {
                if (field.Required)
                {
                    return Error.Validation("followup.value_required", "values." + field.Code);
                }

                continue;
            }

            if (!TryNumber(text, field.Decimals, out var value))
            {
                return Error.Validation("followup.value_invalid", "values." + field.Code);
            }

            if (value < field.Min || value > field.Max)
            {
                return Error.Validation("followup.value_out_of_range", "values." + field.Code);
            }

            values[field.Code] = value;
        }

        return Result<IReadOnlyDictionary<string, decimal>>.Ok(values);
    }

    /// <summary>A number as people type it: "5,6" (Finnish and Swedish decimal comma) or "5.6", at most <paramref name="decimals"/> decimals.</summary>
    internal static bool TryNumber(string text, int decimals, out decimal value)
    {
        value = 0;
        var normal = text.Trim().Replace(',', '.');
        if (normal.Length is 0 or > 12 || normal.Count(c => c == '.') > 1 || !normal.All(c => char.IsAsciiDigit(c) || c is '.' or '-'))
        {
            return false;
        }

        if (!decimal.TryParse(normal, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        var point = normal.IndexOf('.', StringComparison.Ordinal);
        return point < 0 || normal.Length - point - 1 <= decimals;
    }

    private static string WriteValues(PlanTemplate template, IReadOnlyDictionary<string, decimal> values)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var field in template.Fields.Where(f => values.ContainsKey(f.Code)))
            {
                json.WriteNumber(field.Code, values[field.Code]);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal static IReadOnlyDictionary<string, decimal> ReadValues(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
            .ToDictionary(p => p.Name, p => p.Value.GetDecimal(), StringComparer.Ordinal);
    }

    /// <summary>The values for the task's history, with units and no words, so it reads the same in every language: "165/102 mmHg, 80 /min".</summary>
    internal static string Summary(PlanTemplate template, IReadOnlyDictionary<string, decimal> values)
    {
        var parts = new List<string>();
        foreach (var group in template.Fields.Where(f => values.ContainsKey(f.Code)).GroupBy(f => f.Unit))
        {
            parts.Add(string.Join('/', group.Select(f => values[f.Code].ToString("0.##", CultureInfo.InvariantCulture))) + " " + group.Key);
        }

        return string.Join(", ", parts);
    }

    /// <summary>A task title in the three languages, as the desk's other system-made tasks have (the queue may work in any of them).</summary>
    private static string Title(PlanTemplate template) =>
        $"Etäseuranta / Distansuppföljning / Follow-up: {template.Name.Fi}";
}
