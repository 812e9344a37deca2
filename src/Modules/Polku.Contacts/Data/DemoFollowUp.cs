using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.FollowUp;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Time;

namespace Polku.Contacts.Data;

/// <summary>
/// A demo resident (Maija Meikäläinen, whose blood-pressure prescription matter is on the Porvoo desk) enrolled in the
/// home blood-pressure plan four days ago, with the values of those days — one morning missed — so
/// the resident's page and the desk show a chart against the limits and a missed measurement. Dates follow the seeding clock.
/// Added once, when there are no plans.
/// </summary>
internal static class DemoFollowUp
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<PolkuDb>();
        if (await db.Set<FollowUpPlan>().AnyAsync(ct))
        {
            return;
        }

        var people = services.GetRequiredService<IPeopleDirectory>();
        var templates = services.GetRequiredService<PlanTemplates>();
        var time = services.GetRequiredService<TimeProvider>();
        if (await people.FindResidentByIdentityCodeAsync("140580-902T", ct) is not { } maija
            || templates.Find("home-blood-pressure") is not { } template
            || await db.Set<WorkTask>().AsNoTracking()
                .Where(t => db.Set<Case>().Any(c => c.Id == t.CaseId && c.ResidentId == maija.Id))
                .Join(db.Set<Case>(), t => t.CaseId, c => c.Id, (t, c) => new { t.QueueId, CaseId = c.Id, c.MunicipalityCode })
                .FirstOrDefaultAsync(ct) is not { } matter)
        {
            return;
        }

        var nurse = await people.FindStaffByLoginAsync("hoitaja.porvoo", ct);
        var now = time.GetUtcNow();
        var start = HelsinkiTime.LocalDate(now).AddDays(-4);
        var plan = new FollowUpPlan
        {
            Id = Guid.CreateVersion7(now),
            ResidentId = maija.Id,
            TemplateCode = template.Code,
            QueueId = matter.QueueId,
            CaseId = matter.CaseId,
            MunicipalityCode = matter.MunicipalityCode ?? maija.HomeMunicipalityCode,
            ServiceCode = template.ServiceCode,
            StartDate = start,
            EndDate = FollowUpSchedule.DefaultEnd(template, start),
            State = FollowUpPlanState.Active,
            CreatedUtc = HelsinkiTime.ToInstant(start, new TimeOnly(7, 0)).UtcDateTime,
            CreatedBy = nurse?.Id ?? Guid.Empty,

            // The past slots are history: nothing to remind of at start-up.
            RemindedThroughUtc = now.UtcDateTime,
        };
        db.Set<FollowUpPlan>().Add(plan);
        await db.SaveChangesAsync(ct);

        var followUp = services.GetRequiredService<FollowUpService>();
        var slots = FollowUpSchedule.Slots(template, start, plan.EndDate, plan.CreatedUtc, now.UtcDateTime.AddHours(-1));
        (string Systolic, string Diastolic, string Pulse)[] readings =
        [
            ("142", "88", "72"), ("138", "86", "70"), ("145", "90", "75"), ("151", "94", "81"), ("140", "87", "69"),
            ("136", "85", "71"), ("149", "92", "74"), ("141", "89", "73"), ("139", "86", "70"),
        ];
        for (var i = 0; i < slots.Count; i++)
        {
            // The third morning is missed.
            if (i == 4)
            {
                continue;
            }

            var (systolic, diastolic, pulse) = readings[i % readings.Length];
            var values = new Dictionary<string, string?> { ["systolic"] = systolic, ["diastolic"] = diastolic, ["pulse"] = pulse };
            var note = i == 3 ? "Päänsärkyä illalla, mittasin kahdesti." : null;
            await followUp.RecordAsync(plan.Id, maija.Id, maija.Id,
                new MeasurementDraft(template.Type, values, new DateTimeOffset(slots[i].AddMinutes(7 + i), TimeSpan.Zero), note), ct);
        }
    }
}
