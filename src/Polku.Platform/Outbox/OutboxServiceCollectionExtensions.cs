using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Polku.Platform.Outbox;

public static class OutboxServiceCollectionExtensions
{
    /// <summary>
    /// Adds the outbox: the scoped <see cref="Outbox"/> for enqueueing, the e-mail and SMS adapters chosen by
    /// <c>Outbox:Email:Mode</c> / <c>Outbox:Sms:Mode</c> (stand-ins by default outside Production; start-up fails in
    /// Production when a mode is not set) and the background <see cref="OutboxDispatcher"/>.
    /// </summary>
    public static IServiceCollection AddPolkuOutbox(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OutboxOptions>().Bind(configuration.GetSection(OutboxOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<OutboxOptions>, OutboxOptionsValidator>();
        services.AddScoped<Outbox>();

        services.AddTransient<SmtpEmailSender>();
        services.AddTransient<PickupFolderEmailSender>();
        services.AddTransient<PickupFolderSmsSender>();
        services.AddHttpClient<HttpSmsSender>();
        services.AddTransient<IEmailSender>(sp =>
            sp.GetRequiredService<IOptions<OutboxOptions>>().Value.EffectiveEmailMode(sp.GetRequiredService<IHostEnvironment>()) == EmailMode.Smtp
                ? sp.GetRequiredService<SmtpEmailSender>()
                : sp.GetRequiredService<PickupFolderEmailSender>());
        services.AddTransient<ISmsSender>(sp =>
            sp.GetRequiredService<IOptions<OutboxOptions>>().Value.EffectiveSmsMode(sp.GetRequiredService<IHostEnvironment>()) == SmsMode.Http
                ? sp.GetRequiredService<HttpSmsSender>()
                : sp.GetRequiredService<PickupFolderSmsSender>());

        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
