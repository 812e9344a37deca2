using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Web;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Booking;
using Polku.Appointments.Contracts;
using Polku.Appointments.Data;
using Polku.Assessments.Contracts;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Time;

namespace Polku.Appointments.Desk;

/// <summary>What a professional invites the resident to book.</summary>
internal sealed record InvitationRequest(Guid FromTaskId, Guid StaffId, string? ServiceCode, Guid? UnitId, DateOnly? ByDate, string? Note);

/// <summary>
/// Kutsu varaamaan aika — a professional invites a resident, from a desk task, to self-book a service (optionally at one
/// unit) by a date. One unit of work grants the booking right, puts an "invitation to book" task on the same case (waiting
/// for the resident, assigned to the inviter) and sends the secure message with the link <see cref="AppointmentsRoutes.BookWithRight"/>.
/// </summary>
internal sealed class Invitations(
    PolkuDb db, UnitOfWork unit, TimeProvider time, IWorkInbox inbox, IResidentMessages messages, IPeopleDirectory people, Texts texts, PublicSite site)
{
    public const int MaxNote = 2000;
    public const int MaxDays = 180;

    /// <summary>Services that have an active schedule (at the unit, when given): what can be booked at all.</summary>
    public async Task<IReadOnlyList<string>> BookableServicesAsync(Guid? unitId, CancellationToken ct)
    {
        var q = db.Set<Schedule>().AsNoTracking().Where(s => s.Active);
        if (unitId is { } u)
        {
            q = q.Where(s => s.UnitId == u);
        }

        return [.. (await q.Select(s => s.ServiceCode).Distinct().ToListAsync(ct)).Order(StringComparer.Ordinal)];
    }

    public async Task<Result<BookingRight>> InviteAsync(InvitationRequest request, CancellationToken ct)
    {
        var task = await inbox.FindVisibleTaskAsync(request.FromTaskId, request.StaffId, ct);
        if (task is null)
        {
            return Error.NotFound("appointments.desk.task_not_found");
        }

        var service = request.ServiceCode?.Trim() ?? "";
        if (service.Length == 0 || !(await BookableServicesAsync(request.UnitId, ct)).Contains(service))
        {
            return Error.Validation("appointments.desk.invite.service_invalid", "serviceCode");
        }

        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        if (request.ByDate is not { } by || by < today || by > today.AddDays(MaxDays))
        {
            return Error.Validation("appointments.desk.invite.date_invalid", "byDate");
        }

        if (request.Note is { Length: > MaxNote })
        {
            return Error.Validation("appointments.desk.invite.note_too_long", "note");
        }

        var resident = await people.FindResidentAsync(task.ResidentId, ct);
        if (resident is null)
        {
            return Error.NotFound("appointments.desk.task_not_found");
        }

        var now = time.GetUtcNow();
        var rightId = Guid.CreateVersion7(now);
        var language = Language.IsSupported(resident.PreferredLanguage) ? resident.PreferredLanguage : "fi";
        var serviceName = texts.Has("appointments.desk.service." + service) ? texts.Get(language, "appointments.desk.service." + service) : service;
        var culture = CultureInfo.GetCultureInfo(language);
        var link = BaseUrl + AppointmentsRoutes.BookWithRight(rightId);
        var body = string.Format(culture, texts.Get(language, "appointments.desk.invite.message_body"), serviceName, by.ToString("d.M.yyyy", culture), link);
        if (request.Note?.Trim() is { Length: > 0 } note)
        {
            body = note + "\n\n" + body;
        }

        return await unit.RunAsync(async ct =>
        {
            // The desk's task and the secure message join this unit: the right, the invitation, the task and the
            // message commit together, and their live events leave only then.
            var title = texts["appointments.desk.invite.task_title", DeskDisplay.Service(texts, service)];
            var receipt = await inbox.SubmitAsync(
                new InboundWork(resident.Id, task.QueueCode, "invitation-to-book", Urgency.P4, title, rightId, resident.HomeMunicipalityCode, service,
                    CaseId: task.CaseId, AssigneeId: request.StaffId), ct);
            if (receipt.Error is { } submitError)
            {
                return Result<BookingRight>.Fail(submitError);
            }

            var sent = await messages.SendAsync(
                new StaffMessage(request.StaffId, task.CaseId, resident.Id, texts.Get(language, "appointments.desk.invite.message_subject"), body), ct);
            if (sent.Error is { } sendError)
            {
                return Result<BookingRight>.Fail(sendError);
            }

            var right = new BookingRight
            {
                Id = rightId,
                ResidentId = resident.Id,
                ServiceCode = service,
                MunicipalityCode = request.UnitId is null ? resident.HomeMunicipalityCode : null,
                UnitId = request.UnitId,
                Source = BookingRightSource.Invitation,
                SourceId = receipt.Value!.TaskId,
                FromUtc = now.UtcDateTime,
                UntilUtc = HelsinkiTime.ToInstant(by.AddDays(1), TimeOnly.MinValue).UtcDateTime,
                GrantedById = request.StaffId,
                TaskId = receipt.Value.TaskId,
                CreatedUtc = now.UtcDateTime,
            };
            db.Set<BookingRight>().Add(right);
            db.Set<BookingInvitation>().Add(new BookingInvitation
            {
                RightId = rightId,
                TaskId = receipt.Value.TaskId,
                FromTaskId = task.TaskId,
                CaseId = task.CaseId,
                ResidentId = resident.Id,
                StaffId = request.StaffId,
                CreatedUtc = now.UtcDateTime,
                ThreadId = sent.Value,
            });
            return Result<BookingRight>.Ok(right);
        }, ct);
    }

    /// <summary>
    /// Completes the "invitation to book" tasks whose right the resident has used. Safe on several nodes: completing a
    /// done task is a no-op, and the invitation is marked with a conditional UPDATE.
    /// </summary>
    public async Task<int> CompleteBookedAsync(CancellationToken ct)
    {
        var used = await db.Set<BookingInvitation>().AsNoTracking()
            .Where(i => i.TaskCompletedUtc == null)
            .Join(db.Set<BookingRight>().Where(r => r.UsedByAppointmentId != null), i => i.RightId, r => r.Id, (i, r) => i)
            .OrderBy(i => i.CreatedUtc).Take(200).ToListAsync(ct);
        var done = 0;
        foreach (var invitation in used)
        {
            // One unit per invitation: the desk's completion joins it, so the task and the invitation's mark commit together.
            var completed = await unit.RunAsync(async ct =>
            {
                var result = await inbox.CompleteAsync(invitation.TaskId, "appointment-booked", null, ct);
                if (result.Error is { } error && error.Status != 404)
                {
                    return Result<int>.Fail(error);
                }

                var now = time.GetUtcNow().UtcDateTime;
                return Result<int>.Ok(await db.Set<BookingInvitation>().Where(i => i.RightId == invitation.RightId && i.TaskCompletedUtc == null)
                    .ExecuteUpdateAsync(u => u.SetProperty(i => i.TaskCompletedUtc, now), ct));
            }, ct);
            done += completed.Value;
        }

        return done;
    }

    private string BaseUrl => site.BaseUrl;
}

/// <summary>An invited resident booked: the desk task "invitation to book" is done.</summary>
internal sealed class CompleteInvitationTasksJob : IAppointmentsJob
{
    public Task<int> RunAsync(IServiceProvider services, CancellationToken ct) =>
        services.GetRequiredService<Invitations>().CompleteBookedAsync(ct);
}
