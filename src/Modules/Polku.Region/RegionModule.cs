using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Modules;
using Polku.Platform.Persistence;
using Polku.Region.Administration;
using Polku.Region.Api;
using Polku.Region.Contracts;
using Polku.Region.Data;
using Polku.Region.Directory;

namespace Polku.Region;

/// <summary>Alue — municipalities, units, services and channels, opening hours, the calendar.</summary>
public sealed class RegionModule : IPolkuModule
{
    public string Name => "region";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ICountyProfile, CountyProfile>();
        services.AddScoped<ServiceDirectory>();
        services.AddScoped<IUnitDirectory, UnitDirectory>();
        services.AddScoped<IServiceNames, ServiceNames>();
        services.AddScoped<RegionAdmin>().AddScoped<RegionAdminViews>();
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => RegionModel.Configure(modelBuilder);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        RegionApi.Map(endpoints);
        FollowChannel.Map(endpoints);
    }

    public Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        DemoCountySeeder.SeedAsync(services.GetRequiredService<PolkuDb>(), cancellationToken);
}
