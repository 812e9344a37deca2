using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Platform.Web;

namespace Polku.Contacts.FollowUp;

/// <summary>The <c>FollowUp</c> configuration section.</summary>
internal sealed class FollowUpOptions
{
    public const string Section = "FollowUp";

    /// <summary>Runs the reminder job every minute; tests turn it off and run the job themselves.</summary>
    public bool RemindersEnabled { get; set; } = true;
}

/// <summary>
/// Mittausmuistutus — at each schedule slot of an active plan (Helsinki wall-clock time, <see cref="FollowUpSchedule"/>),
/// one SMS and/or e-mail to the resident through the outbox, in their language, saying only that it is time to record
/// a measurement (no health content). Exactly once across nodes, as the appointment reminders do: a conditional update
/// of <c>reminded_through_utc</c> claims the slot in the same unit of work that writes the outbox rows, so one node sends
/// it and a crash before the commit leaves it to the next round; the outbox's dedupe key
/// (<c>followup:{plan}:{slot}</c>) is the second guard. A slot more than <see cref="Grace"/> old is not reminded of:
/// after an outage the resident gets the next reminder, not a pile of stale ones.
/// </summary>
internal sealed class FollowUpReminders(PolkuDb db, UnitOfWork unit, Polku.Platform.Outbox.Outbox outbox, IPeopleDirectory people, Texts texts, PublicSite site,
    PlanTemplates templates, TimeProvider time)
{
    public static readonly TimeSpan Grace = TimeSpan.FromHours(2);

    /// <summary>The outbox dedupe key of the reminder of one slot of one plan.</summary>
    public static string DedupeKey(Guid planId, DateTime slotUtc) =>
        $"followup:{planId:D}:{DateTime.SpecifyKind(slotUtc, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture)}";

    /// <summary>Sends the reminders that are due now; returns how many slots it claimed. Safe to run on several nodes at once.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        var from = now - Grace;
        var plans = await db.Set<FollowUpPlan>().AsNoTracking()
            .Where(p => p.State == FollowUpPlanState.Active && p.StartDate <= today.AddDays(1) && p.EndDate >= today.AddDays(-1))
            .Select(p => new { p.Id, p.TemplateCode, p.StartDate, p.EndDate, p.RemindedThroughUtc, p.CreatedUtc })
            .ToListAsync(ct);
        var sent = 0;
        foreach (var p in plans)
        {
            if (templates.Find(p.TemplateCode) is not { } template)
            {
                continue;
            }

            // Only the latest slot that is due: a run that comes late reminds once, not for every slot it passed.
            var due = FollowUpSchedule.Slots(template, p.StartDate, p.EndDate, from, now)
                .Where(s => s > (p.RemindedThroughUtc ?? DateTime.MinValue) && s >= p.CreatedUtc)
                .DefaultIfEmpty()
                .Max();
            if (due != default && await SendAsync(p.Id, due, ct))
            {
                sent++;
            }
        }

        return sent;
    }

    /// <summary>One unit per reminder: the claim and the outbox rows commit together.</summary>
    private Task<bool> SendAsync(Guid planId, DateTime slotUtc, CancellationToken ct) =>
        unit.RunAsync(async ct =>
        {
            var claimed = await db.Set<FollowUpPlan>()
                .Where(p => p.Id == planId && p.State == FollowUpPlanState.Active && (p.RemindedThroughUtc == null || p.RemindedThroughUtc < slotUtc))
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.RemindedThroughUtc, slotUtc), ct);
            if (claimed == 0)
            {
                return false;
            }

            var residentId = await db.Set<FollowUpPlan>().AsNoTracking().Where(p => p.Id == planId).Select(p => p.ResidentId).FirstAsync(ct);
            if (await people.FindResidentAsync(residentId, ct) is not { } resident)
            {
                return true;
            }

            var language = Language.IsSupported(resident.PreferredLanguage) ? resident.PreferredLanguage : "fi";
            var text = texts.Get(language, "contacts.followup.reminder.text") + " " + site.BaseUrl + ContactsRoutes.MyFollowUp;
            var key = DedupeKey(planId, slotUtc);
            if (resident.Phone is { Length: > 0 } phone)
            {
                await outbox.EnqueueIfAbsentAsync(OutboxChannel.Sms, phone, key, text, cancellationToken: ct);
            }

            if (resident.Email is { Length: > 0 } email)
            {
                await outbox.EnqueueIfAbsentAsync(OutboxChannel.Email, email, key, text, texts.Get(language, "contacts.followup.reminder.subject"), cancellationToken: ct);
            }

            return true;
        }, static _ => true, ct);
}
