using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Api;
using Polku.Identity.Auth;
using Polku.Identity.Data;
using Polku.Identity.TestIdp;
using Polku.Platform.Modules;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Identity;

/// <summary>Identiteetti — people, roles, guardianship, sign-in, identity codes.</summary>
public sealed class IdentityModule : IPolkuModule
{
    public string Name => "identity";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<PolkuIdentityOptions>(configuration.GetSection(PolkuIdentityOptions.Section));
        services.AddMemoryCache();
        services.AddPolkuOidc();
        services.AddSingleton<TestIdentityProvider>();
        services.AddSingleton<SignInRateLimiter>();
        services.AddScoped<SignInService>();
        services.AddScoped<Polku.Identity.Contracts.IPeopleDirectory, Polku.Identity.Directory.PeopleDirectory>();
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            var previous = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async context =>
            {
                await previous(context);
                if (context.Principal is not null)
                {
                    await SecurityStampValidator.ValidateAsync(context);
                }
            };
        });
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => IdentityModel.Configure(modelBuilder);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => IdentityEndpoints.Map(endpoints);

    public Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        IdentitySeeder.SeedAsync(
            services.GetRequiredService<PolkuDb>(),
            services.GetRequiredService<IUnitDirectory>(),
            services.GetRequiredService<TimeProvider>(),
            cancellationToken);
}
