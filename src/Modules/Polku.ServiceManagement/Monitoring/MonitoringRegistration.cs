using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Polku.ServiceManagement.Monitoring;

/// <summary>Monitoring's services: the prober and its HTTP probe, the signal watcher, the board, the stand-ins and (when the worker is on) the worker.</summary>
internal static class MonitoringRegistration
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MonitoringOptions>(configuration.GetSection(MonitoringOptions.Section));
        services.AddHttpClient(HttpHealthProbe.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<SelfAddress>();
        services.AddSingleton<StandInSwitch>();
        services.AddScoped<IHealthProbe, HttpHealthProbe>();
        services.AddScoped<IDatabasePing, DatabasePing>();
        services.AddScoped<IncidentOpener>();
        services.AddScoped<Prober>();
        services.AddScoped<SignalWatcher>();
        services.AddScoped<MonitoringBoard>();
        if (configuration.GetSection(SmOptions.Section).GetValue(nameof(SmOptions.WorkerEnabled), true))
        {
            services.AddHostedService<ProbeWorker>();
        }
    }
}
