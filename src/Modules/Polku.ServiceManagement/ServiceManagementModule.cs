using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Modules;
using Polku.Platform.Security;
using Polku.ServiceManagement.Api;
using Polku.ServiceManagement.Data;

namespace Polku.ServiceManagement;

/// <summary>
/// Palvelunhallinta — service management of the county's digital services (spec 06): the service catalogue,
/// monitoring with outages and events, tickets with SLA clocks in the service's own calendar, major incidents,
/// problems, changes, knowledge, availability by seed 002's formula, frozen monthly reports and disruption notices.
/// </summary>
public sealed class ServiceManagementModule : IPolkuModule
{
    public string Name => "sm";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<SmOptions>(configuration.GetSection(SmOptions.Section));
        services.AddAuthorizationBuilder().AddPolicy(PolkuRoles.ServiceDeskPolicy, p => p
            .RequireClaim(Platform.Audit.PolkuClaims.Kind, "staff")
            .RequireClaim(Platform.Audit.PolkuClaims.Role, PolkuRoles.ServiceDesk))
            .AddPolicy(PolkuRoles.ServiceManagerPolicy, p => p
            .RequireClaim(Platform.Audit.PolkuClaims.Kind, "staff")
            .RequireClaim(Platform.Audit.PolkuClaims.Role, PolkuRoles.ServiceManager));
        services.Configure<RazorPagesOptions>(o => o.Conventions.AuthorizeFolder("/ServiceDesk", PolkuRoles.ServiceDeskPolicy));
        ServiceManagementServices.Add(services, configuration);
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => SmModel.Configure(modelBuilder);

    public void MapEndpoints(IEndpointRouteBuilder endpoints) => ServiceManagementApi.Map(endpoints);

    public Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken) => SmSeeder.SeedAsync(services, cancellationToken);
}

/// <summary>Configuration section <c>ServiceManagement</c>.</summary>
public sealed class SmOptions
{
    public const string Section = "ServiceManagement";

    /// <summary>Whether this node probes health URLs and runs the SLA clock's warnings (tests switch it off and drive it).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Outages less than this many minutes apart are one outage (seed 002: five).</summary>
    public int MergeGapMinutes { get; set; } = 5;

    /// <summary>The largest ticket attachment (the platform's upload rules decide the rest); a form takes at most <c>UploadLimits.RequestLimitBytes</c> at once.</summary>
    public long AttachmentMaxBytes { get; set; } = Platform.Uploads.UploadLimits.DefaultMaxBytes;
}
