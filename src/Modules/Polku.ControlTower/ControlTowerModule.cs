using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.ControlTower.Api;
using Polku.ControlTower.Data;
using Polku.ControlTower.Rollups;
using Polku.Platform.Modules;

namespace Polku.ControlTower;

/// <summary>
/// Lennonjohtotorni — the control tower (spec 05): KPIs from the service-event journal for the county and each
/// municipality side by side, kept fast by rollups; imported phone and walk-in counts; estimated savings; feedback views.
/// </summary>
public sealed class ControlTowerModule : IPolkuModule
{
    public string Name => "tower";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<TowerOptions>(configuration.GetSection(TowerOptions.Section));
        services.AddScoped<Rollups.Rollups>().AddScoped<Kpis.KpiService>().AddScoped<Imports.ContactImports>().AddScoped<Pages.Tower.TowerContext>();
        if (configuration.GetSection(TowerOptions.Section).GetValue(nameof(TowerOptions.WorkerEnabled), true))
        {
            services.AddHostedService<RollupWorker>();
        }
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => TowerModel.Configure(modelBuilder);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => ControlTowerApi.Map(endpoints);

    public Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken) => DemoActivity.SeedAsync(services, cancellationToken);
}
