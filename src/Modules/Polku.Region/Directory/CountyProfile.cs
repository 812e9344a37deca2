using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;
using Polku.Region.Data;

namespace Polku.Region.Directory;

/// <summary>Reads the county's name once and keeps it; every page header shows it.</summary>
internal sealed class CountyProfile(IServiceScopeFactory scopes) : ICountyProfile
{
    private LocalizedText? _name;

    public async ValueTask<LocalizedText> GetNameAsync(CancellationToken cancellationToken = default)
    {
        if (_name is { } cached)
        {
            return cached;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var county = await db.Set<County>().AsNoTracking().OrderBy(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        if (county is null)
        {
            return new LocalizedText("", "", "");
        }

        _name = county.Name;
        return _name;
    }
}
