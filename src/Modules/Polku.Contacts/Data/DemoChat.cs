using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Chat;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Contacts.Data;

/// <summary>
/// The demo county's chat (seed 003's plan): one anonymous county-wide queue staffed by the digital sote-centre, an
/// identified queue for each health station (so for every municipality; Lapinjärvi is served by Loviisa's), and an
/// identified social-services queue. The demo professionals of the digital centre, Porvoo and Loviisa are available
/// at once, so a chat can be taken on first start. Added once, when there are no chat queues.
/// </summary>
internal static class DemoChat
{
    /// <summary>Response targets of a chat queue in minutes for P1–P4: a chat is answered in minutes, not hours.</summary>
    private static readonly int[] Targets = [2, 5, 10, 15];

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<PolkuDb>();
        if (await db.Set<WorkQueue>().AnyAsync(q => q.Channel == QueueChannels.Chat, ct))
        {
            return;
        }

        var units = await services.GetRequiredService<IUnitDirectory>().ListAsync(ct);
        var people = services.GetRequiredService<IPeopleDirectory>();
        var digital = units.FirstOrDefault(u => u.Kind == UnitKinds.Digital);
        if (digital is null)
        {
            return;
        }

        async Task Queue(string code, string fi, string sv, string en, UnitInfo unit, Guid hoursUnit, bool identified, string? municipality, string? service,
            IEnumerable<Guid> memberUnits, string? requiredCertificate = null)
        {
            var queue = new WorkQueue
            {
                Id = Guid.NewGuid(), Code = code, NameFi = fi, NameSv = sv, NameEn = en, UnitId = unit.Id, MunicipalityCode = municipality,
                ServiceCode = service, HoursUnitId = hoursUnit, Channel = QueueChannels.Chat, Identified = identified, RequiredCertificate = requiredCertificate,
                TargetP1Minutes = Targets[0], TargetP2Minutes = Targets[1], TargetP3Minutes = Targets[2], TargetP4Minutes = Targets[3],
            };
            db.Set<WorkQueue>().Add(queue);
            foreach (var staff in await people.GetStaffInUnitsAsync(memberUnits, ct))
            {
                db.Set<QueueMember>().Add(new QueueMember { QueueId = queue.Id, StaffId = staff.Id });
            }
        }

        // The county-wide chat is answered by chat nurses: its members must hold the Training module's "chat" certificate
        // (the demo's digital-centre nurse does, see TrainingSeeder).
        await Queue("county", "Koko hyvinvointialueen chat", "Chatt för hela välfärdsområdet", "County-wide chat", digital, digital.Id, false, null, null, [digital.Id],
            requiredCertificate: "chat");
        foreach (var station in units.Where(u => u.Kind == UnitKinds.HealthStation).OrderBy(u => u.Code, StringComparer.Ordinal))
        {
            await Queue("chat-" + station.Code, "Tunnistautunut chat: " + station.Name.Fi, "Identifierad chatt: " + station.Name.Sv, "Identified chat: " + station.Name.En,
                station, station.Id, true, station.MunicipalityCode, null, [station.Id]);
        }

        var social = units.Where(u => u.Kind == UnitKinds.SocialServices).ToList();
        if (social.Count > 0)
        {
            await Queue("chat-social", "Sosiaalipalvelujen chat", "Socialservicens chatt", "Social services chat", digital, digital.Id, true, null, "social-counselling",
                social.Select(u => u.Id));
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        foreach (var login in new[] { "hoitaja.digi", "hoitaja.porvoo", "hoitaja.loviisa" })
        {
            if (await people.FindStaffByLoginAsync(login, ct) is { } staff)
            {
                db.Set<ChatStaffing>().Add(new ChatStaffing { StaffId = staff.Id, Available = true, MaxConcurrent = ChatService.DefaultMaxConcurrent, UpdatedUtc = now });
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
