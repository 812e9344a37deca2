using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Training.Contracts;
using Polku.Training.Data;
using Polku.Training.Domain;
using Polku.Training.Messages;

namespace Polku.Training.Reminders;

/// <summary>
/// Muistutukset — the reminders 5 days and 24 hours before a group's first session (<see cref="ReminderTiming"/>) to
/// everyone holding a place, and the warning <see cref="ReminderTiming.ExpiryWarningDays"/> days before a certificate
/// expires (unless a newer one of the kind replaced it). Safe on any number of nodes at once: each message is one unit
/// of work in which <see cref="TrainingMessages"/> claims the message's key in <c>training_message_log</c> before it
/// writes the outbox row, so exactly one unit sends it and a crash before the commit leaves it to the next round.
/// </summary>
internal sealed class TrainingReminders(PolkuDb db, UnitOfWork unit, TrainingMessages messages, TimeProvider time)
{
    /// <summary>The longest time a reminder can be due before the start: five days, plus an hour for a clock change.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromDays(ReminderTiming.DaysBefore) + TimeSpan.FromHours(2);

    public static string Key(string kind, Guid enrolmentId) => $"training:reminder:{kind}:{enrolmentId:D}";

    public static string ExpiryKey(Guid certificateId) => $"training:expiry:{certificateId:D}";

    /// <summary>Sends what is due now; returns how many messages this run sent.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + Lead;
        var places = await db.Set<Data.Enrolment>().AsNoTracking()
            .Where(e => e.Status == EnrolmentStatuses.Enrolled)
            .Join(db.Set<CourseGroup>().Where(g => g.FirstStartUtc > now && g.FirstStartUtc <= until), e => e.GroupId, g => g.Id,
                (e, g) => new { e.Id, e.StaffId, e.EnrolledUtc, e.CreatedUtc, g.FirstStartUtc })
            .ToListAsync(ct);
        var sent = 0;
        foreach (var p in places.OrderBy(p => p.FirstStartUtc))
        {
            if (ReminderTiming.Due(p.FirstStartUtc, p.EnrolledUtc ?? p.CreatedUtc, now) is { } kind && await RemindAsync(p.Id, kind, ct))
            {
                sent++;
            }
        }

        var warnUntil = now + TimeSpan.FromDays(ReminderTiming.ExpiryWarningDays + 1);
        var expiring = await db.Set<Certificate>().AsNoTracking()
            .Where(c => c.ExpiresUtc != null && c.ExpiresUtc > now && c.ExpiresUtc <= warnUntil)
            .Where(c => !db.Set<Certificate>().Any(n => n.StaffId == c.StaffId && n.Kind == c.Kind && n.IssuedUtc > c.IssuedUtc))
            .Select(c => new { c.Id, c.ExpiresUtc, c.IssuedUtc })
            .ToListAsync(ct);
        foreach (var c in expiring)
        {
            var due = ReminderTiming.ExpiryWarning(c.ExpiresUtc!.Value);
            if (now >= due && c.IssuedUtc < due && await WarnAsync(c.Id, ct))
            {
                sent++;
            }
        }

        return sent;
    }

    private Task<bool> RemindAsync(Guid enrolmentId, string kind, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            // Read again inside the unit: a place cancelled since the list was read gets no reminder.
            var place = await db.Set<Data.Enrolment>().AsNoTracking().Where(e => e.Id == enrolmentId && e.Status == EnrolmentStatuses.Enrolled)
                .Join(db.Set<CourseGroup>(), e => e.GroupId, g => g.Id, (e, g) => new { e.StaffId, g.Id, g.CourseId, g.FirstStartUtc, g.Place, g.OnlineUrl })
                .FirstOrDefaultAsync(c);
            if (place is null)
            {
                return false;
            }

            var course = await db.Set<Course>().AsNoTracking().Where(k => k.Id == place.CourseId).Select(k => new { k.NameFi, k.NameSv, k.NameEn }).FirstAsync(c);
            return await messages.SendAsync(place.StaffId, Key(kind, enrolmentId), TrainingMessageKinds.Named("reminder_" + kind), TrainingRoutes.Group(place.Id),
                l => [TrainingText.Pick(l, course.NameFi, course.NameSv, course.NameEn), TrainingText.At(place.FirstStartUtc, Language.CultureFor(l)), place.Place ?? place.OnlineUrl ?? ""], c);
        }, static _ => true, ct);

    private Task<bool> WarnAsync(Guid certificateId, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            var cert = await db.Set<Certificate>().AsNoTracking().Where(x => x.Id == certificateId)
                .Join(db.Set<CertificateKindRow>(), x => x.Kind, k => k.Code, (x, k) => new { x.StaffId, x.ExpiresUtc, k.NameFi, k.NameSv, k.NameEn })
                .FirstAsync(c);
            return await messages.SendAsync(cert.StaffId, ExpiryKey(certificateId), TrainingMessageKinds.Expiry, TrainingRoutes.MyTraining,
                l => [TrainingText.Pick(l, cert.NameFi, cert.NameSv, cert.NameEn), TrainingText.Date(cert.ExpiresUtc!.Value, Language.CultureFor(l))], c);
        }, static _ => true, ct);
}

/// <summary>The <c>Training</c> configuration section.</summary>
internal sealed class TrainingOptions
{
    public const string Section = "Training";

    /// <summary>Whether this node runs the reminder worker (tests switch it off and run <see cref="TrainingReminders"/> themselves).</summary>
    public bool WorkerEnabled { get; set; } = true;
}

/// <summary>Runs <see cref="TrainingReminders"/> every minute on every node; the message log makes that safe.</summary>
internal sealed class TrainingReminderWorker(IServiceScopeFactory scopes, IOptions<TrainingOptions> options, TimeProvider time, ILogger<TrainingReminderWorker> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.WorkerEnabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TrainingReminders>().RunAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "The training reminders failed; they run again in {Interval}.", Interval);
            }
        }
    }
}
