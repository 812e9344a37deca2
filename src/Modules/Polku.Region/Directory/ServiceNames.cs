using Microsoft.EntityFrameworkCore;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;
using Polku.Region.Data;

namespace Polku.Region.Directory;

/// <summary>The directory's services by name for other modules (<see cref="IServiceNames"/>).</summary>
internal sealed class ServiceNames(PolkuDb db) : IServiceNames
{
    public async Task<IReadOnlyList<ServiceName>> WithBuiltInChannelAsync(string channelKind, CancellationToken cancellationToken = default)
    {
        if (!Enum.TryParse<ChannelKind>(channelKind, ignoreCase: false, out var kind))
        {
            return [];
        }

        var withChannel = db.Set<ServiceChannel>().Where(c => c.Kind == kind && c.Mode == ChannelMode.BuiltIn).Select(c => c.ServiceId);
        var rows = await db.Set<Service>().AsNoTracking()
            .Where(s => withChannel.Contains(s.Id))
            .OrderBy(s => s.SortOrder).ThenBy(s => s.Code)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(s => new ServiceName(s.Code, s.Name))];
    }

    public async Task<IReadOnlyDictionary<string, LocalizedText>> AllAsync(CancellationToken cancellationToken = default)
    {
        var rows = await db.Set<Service>().AsNoTracking().ToListAsync(cancellationToken);
        return rows.ToDictionary(s => s.Code, s => s.Name, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<ChannelScope>> ChannelsInForceAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var rows = await (from c in db.Set<ServiceChannel>().AsNoTracking()
                          join s in db.Set<Service>() on c.ServiceId equals s.Id
                          where (c.ValidFrom == null || c.ValidFrom <= day) && (c.ValidTo == null || c.ValidTo >= day)
                          select new { s.Code, c.Kind, c.MunicipalityCode }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new ChannelScope(r.Code, r.Kind.ToString(), r.MunicipalityCode))];
    }
}
