using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;

namespace Polku.Region.Data;

/// <summary>Seeds the demo county from <c>content/demo-county/region.json</c> into an empty database.</summary>
internal static class DemoCountySeeder
{
    public static async Task SeedAsync(PolkuDb db, CancellationToken ct)
    {
        if (await db.Set<Municipality>().AnyAsync(ct))
        {
            return;
        }

        await using var stream = typeof(DemoCountySeeder).Assembly.GetManifestResourceStream("demo/region.json")
            ?? throw new InvalidOperationException("demo/region.json is not embedded.");
        var demo = await JsonSerializer.DeserializeAsync<DemoRegion>(stream, JsonOptions, ct)
            ?? throw new InvalidOperationException("demo/region.json is empty.");

        db.Set<County>().Add(new County { Id = Guid.NewGuid(), NameFi = demo.County.Fi, NameSv = demo.County.Sv, NameEn = demo.County.En });
        foreach (var m in demo.Municipalities)
        {
            db.Set<Municipality>().Add(new Municipality
            {
                Code = m.Code, NameFi = m.Name.Fi, NameSv = m.Name.Sv, NameEn = m.Name.En,
                Languages = string.Join(',', m.Languages), RecordSystem = m.RecordSystem,
            });
        }

        var unitIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var u in demo.Units)
        {
            var unit = new Unit
            {
                Id = Guid.NewGuid(), Code = u.Code, Kind = u.Kind, MunicipalityCode = u.Municipality,
                NameFi = u.Name.Fi, NameSv = u.Name.Sv, NameEn = u.Name.En, ServedMunicipalities = u.Serves ?? "",
                Phone = u.Phone, Address = u.Address, OpenOnHolidays = u.OpenOnHolidays,
            };
            unitIds[u.Code] = unit.Id;
            db.Set<Unit>().Add(unit);
            foreach (var h in u.Hours ?? [])
            {
                foreach (var day in ExpandDays(h.Days))
                {
                    db.Set<OpeningPeriodRow>().Add(new OpeningPeriodRow
                    {
                        Id = Guid.NewGuid(), OwnerKind = HoursOwner.Unit, OwnerId = unit.Id, Weekday = (int)day,
                        Opens = TimeOnly.Parse(h.Opens, CultureInfo.InvariantCulture), Closes = TimeOnly.Parse(h.Closes, CultureInfo.InvariantCulture),
                    });
                }
            }
        }

        var serviceIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var order = 0;
        foreach (var s in demo.Services)
        {
            var service = new Service
            {
                Id = Guid.NewGuid(), Code = s.Code, NameFi = s.Name.Fi, NameSv = s.Name.Sv, NameEn = s.Name.En,
                DescriptionFi = s.Description.Fi, DescriptionSv = s.Description.Sv, DescriptionEn = s.Description.En,
                Keywords = s.Keywords ?? "", SortOrder = order += 10,
            };
            serviceIds[s.Code] = service.Id;
            db.Set<Service>().Add(service);
        }

        foreach (var c in demo.Channels)
        {
            db.Set<ServiceChannel>().Add(new ServiceChannel
            {
                Id = Guid.NewGuid(), ServiceId = serviceIds[c.Service], MunicipalityCode = c.Municipality, Kind = c.Kind, Mode = c.Mode,
                Url = c.Url, Phone = c.Phone, UnitId = c.Unit is null ? null : unitIds[c.Unit],
                LabelFi = c.Label?.Fi, LabelSv = c.Label?.Sv, LabelEn = c.Label?.En,
                ValidFrom = c.ValidFrom, ValidTo = c.ValidTo,
            });
        }

        await db.SaveChangesAsync(ct);
    }

    private static IEnumerable<DayOfWeek> ExpandDays(string spec)
    {
        var names = new[] { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
        var parts = spec.Split('-');
        var from = Array.IndexOf(names, parts[0]);
        var to = parts.Length > 1 ? Array.IndexOf(names, parts[1]) : from;
        for (var i = from; i <= to; i++)
        {
            yield return (DayOfWeek)((i + 1) % 7);
        }
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private sealed record Text(string Fi, string Sv, string En);

    private sealed record DemoRegion(Text County, List<DemoMunicipality> Municipalities, List<DemoUnit> Units, List<DemoService> Services, List<DemoChannel> Channels);

    private sealed record DemoMunicipality(string Code, Text Name, List<string> Languages, string? RecordSystem);

    private sealed record DemoHours(string Days, string Opens, string Closes);

    private sealed record DemoUnit(string Code, UnitKind Kind, string? Municipality, string? Serves, Text Name, string? Phone, string? Address, List<DemoHours>? Hours, bool OpenOnHolidays);

    private sealed record DemoService(string Code, Text Name, Text Description, string? Keywords);

    private sealed record DemoChannel(string Service, ChannelKind Kind, ChannelMode Mode, string? Municipality, string? Url, string? Phone, string? Unit, Text? Label, DateOnly? ValidFrom, DateOnly? ValidTo);
}
