using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polku.Identity.Api;
using Polku.Identity.Auth;
using Polku.Identity.Data;
using Polku.Identity.TestIdp;
using Polku.Platform.Hosting;
using Polku.Platform.Jobs;
using Polku.Platform.Modules;
using Polku.Platform.Persistence;
using Polku.Platform.Web;
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
        services.AddScoped<SignInService>();
        services.AddScoped<Polku.Identity.Directory.IdentityViews>().AddScoped<TestIdpSignIn>();
        services.AddScoped<Polku.Identity.Contracts.IPeopleDirectory, Polku.Identity.Directory.PeopleDirectory>();
        services.AddScoped<StaffAdmin.StaffAdministration>().AddScoped<StaffAdmin.StaffImport>().AddScoped<StaffAdmin.StaffSignIn>();
        services.AddScoped<StaffAdmin.RoleCertificates>();
        if (configuration.GetSection("RoleCertificates").GetValue("Enabled", true))
        {
            // Lapses and warnings every five minutes on every node; the job decides each by one statement (see RoleCertificates).
            services.AddPeriodicJob<StaffAdmin.RoleCertificates>("role certificates", TimeSpan.FromMinutes(5), (job, ct) => job.RunAsync(ct));
        }

        services.AddSingleton<IAdminLinks, StaffAdmin.StaffAdminLinks>();
        services.Configure<Microsoft.AspNetCore.Authorization.AuthorizationOptions>(StaffAdmin.StaffAdminAccess.AddPolicy);
        services.PostConfigure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, o =>
        {
            var validate = o.Events.OnValidatePrincipal;
            o.Events.OnValidatePrincipal = async context =>
            {
                await validate(context);
                if (context.Principal is not null)
                {
                    await SessionStore.ValidateAsync(context);
                }
            };
            var signingIn = o.Events.OnSigningIn;
            o.Events.OnSigningIn = async context =>
            {
                await signingIn(context);
                await SessionStore.StartAsync(context);
            };
            var signingOut = o.Events.OnSigningOut;
            o.Events.OnSigningOut = async context =>
            {
                await signingOut(context);
                await SessionStore.EndAsync(context);
            };
        });
        services.AddSingleton<IProductionSafetyCheck, IdentityProductionSafety>();
        // Signing out may redirect to a provider's end-session endpoint, which CSP form-action must allow.
        services.AddOptions<SecurityHeadersOptions>().Configure<IOptions<PolkuIdentityOptions>>((headers, identity) =>
        {
            foreach (var provider in identity.Value.Oidc.Providers.Values)
            {
                if (Uri.TryCreate(provider.Authority, UriKind.Absolute, out var authority) && authority.Scheme == Uri.UriSchemeHttps)
                {
                    headers.FormActionOrigins.Add(authority.GetLeftPart(UriPartial.Authority));
                }
            }
        });
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => IdentityModel.Configure(modelBuilder);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        IdentityEndpoints.Map(endpoints);
        StaffAdminApi.Map(endpoints);
    }

    public Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        IdentitySeeder.SeedAsync(
            services.GetRequiredService<PolkuDb>(),
            services.GetRequiredService<IUnitDirectory>(),
            services.GetRequiredService<TimeProvider>(),
            cancellationToken);
}

/// <summary>The test identity provider and the demo staff sign-in let anyone in as anyone: never in Production.</summary>
internal sealed class IdentityProductionSafety : IProductionSafetyCheck
{
    public IEnumerable<string> Problems(IConfiguration configuration)
    {
        if (configuration.GetValue<bool>("Identity:TestProvider:Enabled"))
        {
            yield return "Identity:TestProvider:Enabled is true; the test identity provider signs anyone in as any test person. Set it to false.";
        }

        if (configuration.GetValue<bool>("Identity:DemoStaffLogin:Enabled"))
        {
            yield return "Identity:DemoStaffLogin:Enabled is true; the demo staff sign-in needs no password. Set it to false.";
        }
    }
}
