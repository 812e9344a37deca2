using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.ControlTower.Data;

/// <summary>
/// The demo county's control tower starts with three months of generated activity and the phone and walk-in counts of
/// the same days (import version 1, "demo"), so that its dashboards show something on a fresh machine. Seeded once
/// (while there is no import yet); off where a host says <c>ControlTower:DemoActivity=false</c> (the tests, which count
/// their own events).
/// </summary>
internal static class DemoActivity
{
    public const int Days = 90;
    public const int AssessmentsPerDay = 14;

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        if (!services.GetRequiredService<IConfiguration>().GetValue("ControlTower:DemoActivity", true))
        {
            return;
        }

        var db = services.GetRequiredService<PolkuDb>();
        // Once: the other modules' demo data has written a few events of its own by now, so the mark is the import.
        if (await db.Set<ContactImport>().AnyAsync(ct))
        {
            return;
        }

        if (await ShapeAsync(services, ct) is not { } shape)
        {
            return;
        }

        var today = HelsinkiTime.LocalDate(services.GetRequiredService<TimeProvider>().GetUtcNow());
        var activity = new ActivityGenerator(shape, seed: 2025).Generate(today.AddDays(-Days), today.AddDays(-1), AssessmentsPerDay);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        // The generator dates some consequences (a visit, a form's handling) after the day they began; none lies ahead.
        db.ServiceEvents.AddRange(activity.Events.Where(e => e.AtUtc < now.UtcDateTime));
        var import = new ContactImport { Id = Guid.CreateVersion7(now), Number = 1, ImportedUtc = now.UtcDateTime, FileName = "demo", Rows = activity.Imported.Count,
            Days = activity.Imported.Select(i => i.Day).Distinct().Count() };
        db.Set<ContactImport>().Add(import);
        db.Set<ImportedContact>().AddRange(activity.Imported.Select(i => new ImportedContact
        {
            Id = Guid.CreateVersion7(now), ImportId = import.Id, Day = i.Day, MunicipalityCode = i.Municipality, Channel = i.Channel, Kind = i.Kind, Count = i.Count, Current = true,
        }));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
    }

    /// <summary>The demo county as the generator needs it: its municipalities with the units that serve them.</summary>
    public static async Task<ActivityShape?> ShapeAsync(IServiceProvider services, CancellationToken ct)
    {
        var units = services.GetRequiredService<IUnitDirectory>();
        var digital = await units.ServingAsync(null, UnitKinds.Digital, ct);
        var municipalities = new List<ActivityMunicipality>();
        // No populations in the directory: a municipality with more of the county's units located in it is given more activity.
        var located = (await units.ListAsync(ct)).Where(u => u.MunicipalityCode is not null).GroupBy(u => u.MunicipalityCode!).ToDictionary(g => g.Key, g => g.Count());
        foreach (var m in await units.MunicipalitiesAsync(ct))
        {
            if (await units.ServingAsync(m.Code, UnitKinds.HealthStation, ct) is { } health && await units.ServingAsync(m.Code, UnitKinds.SocialServices, ct) is { } social)
            {
                municipalities.Add(new ActivityMunicipality(m.Code, 1 + 2 * located.GetValueOrDefault(m.Code), health.Id, social.Id));
            }
        }

        var forms = await services.GetRequiredService<IPreInformation>().FormIdsAsync(ct);
        var names = await services.GetRequiredService<IServiceNames>().AllAsync(ct);
        if (digital is null || municipalities.Count == 0 || forms.Count == 0 || !names.ContainsKey("health-station") || !names.ContainsKey("social-counselling"))
        {
            return null;
        }

        return new ActivityShape(municipalities, digital.Id, "health-station", "social-counselling", forms.Order(StringComparer.Ordinal).First(), "ask-for-help");
    }
}
