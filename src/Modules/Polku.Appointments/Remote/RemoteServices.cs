using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Live;

namespace Polku.Appointments.Remote;

/// <summary>Registers remote appointments: the life cycle, the waiting room, the unit audiences and the configured video provider.</summary>
internal static class RemoteServices
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RemoteOptions>(configuration.GetSection(RemoteOptions.Section));
        services.Configure<VideoOptions>(configuration.GetSection(VideoOptions.Section));
        services.AddScoped<AppointmentLifecycle>();
        services.AddScoped<WaitingRoom>();
        services.AddScoped<ILiveAudienceSource, UnitAudiences>();
        var provider = configuration[VideoOptions.Section + ":Provider"] ?? "Development";
        if (string.Equals(provider, "Http", StringComparison.OrdinalIgnoreCase))
        {
            services.AddHttpClient(HttpVideoRooms.ClientName);
            services.AddScoped<IVideoRooms>(sp => ActivatorUtilities.CreateInstance<HttpVideoRooms>(sp,
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpVideoRooms.ClientName)));
        }
        else if (string.Equals(provider, "Development", StringComparison.OrdinalIgnoreCase))
        {
            services.AddSingleton<IVideoRooms, DevelopmentVideoRooms>();
        }
        else
        {
            throw new InvalidOperationException($"Appointments:Video:Provider '{provider}' is unknown; use Development or Http.");
        }
    }
}
