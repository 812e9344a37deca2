using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Messages;
using Polku.Contacts.Tasks;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Contacts.Data;

/// <summary>
/// The demo county's work queues — every health station and social services unit, and the digital sote-centre —
/// with the professionals of each unit as members, and a few open matters so the desk is not empty on first start.
/// Added once, when there are no queues.
/// </summary>
internal static class DemoDesk
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<PolkuDb>();
        if (await db.Set<WorkQueue>().AnyAsync(ct))
        {
            return;
        }

        var units = await services.GetRequiredService<IUnitDirectory>().ListAsync(ct);
        var people = services.GetRequiredService<IPeopleDirectory>();
        foreach (var unit in units)
        {
            if (TargetsFor(unit.Kind) is not { } targets)
            {
                continue;
            }

            var queue = new WorkQueue
            {
                Id = Guid.NewGuid(), Code = unit.Code, NameFi = unit.Name.Fi, NameSv = unit.Name.Sv, NameEn = unit.Name.En,
                UnitId = unit.Id, MunicipalityCode = unit.MunicipalityCode, HoursUnitId = unit.Id,
                TargetP1Minutes = targets[0], TargetP2Minutes = targets[1], TargetP3Minutes = targets[2], TargetP4Minutes = targets[3],
            };
            db.Set<WorkQueue>().Add(queue);
            foreach (var staff in await people.GetStaffInUnitsAsync([unit.Id], ct))
            {
                db.Set<QueueMember>().Add(new QueueMember { QueueId = queue.Id, StaffId = staff.Id });
            }
        }

        await db.SaveChangesAsync(ct);
        await OpenMattersAsync(services, people, ct);
    }

    /// <summary>
    /// Response targets in minutes of the queue's service time for P1–P4. A working day of a health station is about
    /// eight open hours, so "a non-urgent message within two working days" is 960 minutes.
    /// </summary>
    private static int[]? TargetsFor(string kind) => kind switch
    {
        "HealthStation" => [15, 120, 960, 2400],
        "SocialServices" => [60, 240, 1440, 2400],
        "Digital" => [15, 60, 480, 1440],
        _ => null,
    };

    private static async Task OpenMattersAsync(IServiceProvider services, IPeopleDirectory people, CancellationToken ct)
    {
        var messages = services.GetRequiredService<MessageService>();
        var work = services.GetRequiredService<QueueWork>();
        async Task<Guid?> Write(string identityCode, string subject, string body)
        {
            var resident = await people.FindResidentByIdentityCodeAsync(identityCode, ct);
            if (resident is null)
            {
                return null;
            }

            var actor = new MessageActor(Data.SenderKind.Resident, resident.Id, resident.FullName, resident.Id);
            var thread = await messages.StartByResidentAsync(actor, "health-station", subject, body, null, ct);
            return thread.Value?.Id;
        }

        var maija = await Write("140580-902T", "Reseptin uusiminen",
            "Hei, verenpainelääkkeeni resepti on päättymässä. Voisiko sen uusia? Lääke on ollut käytössä kolme vuotta.");
        await Write("020375-9036", "Fråga om vaccination",
            "Hej, jag reser till Thailand i mars. Vilka vaccinationer behöver jag och hur bokar jag en tid?");
        await Write("231190-9043", "Laboratoriotulos",
            "Hei, kävin viime viikolla verikokeissa. Milloin tulokset ovat nähtävissä ja tarvitseeko minun varata aika niiden läpikäyntiin?");

        // The nurse in Porvoo has already taken the prescription matter, so "my tasks" shows something too.
        var nurse = await people.FindStaffByLoginAsync("hoitaja.porvoo", ct);
        var db = services.GetRequiredService<PolkuDb>();
        if (maija is { } threadId && nurse is not null
            && await db.Set<WorkTask>().Where(t => t.SourceId == threadId).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct) is { } taskId)
        {
            await work.ClaimAsync(taskId, nurse.Id, ct);
        }
    }
}
