using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Polku.ServiceManagement;

/// <summary>The module's services, registered by part (each part adds its own line).</summary>
internal static class ServiceManagementServices
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        _ = services;
        _ = configuration;
        services.AddScoped<Domain.Sla.PriorityMatrix>();
        Sla.SlaWatchWorker.Register(services, configuration);
    }
}
