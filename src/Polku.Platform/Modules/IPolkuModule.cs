using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Polku.Platform.Modules;

/// <summary>
/// A bounded area of Polku (region, identity, assessments …). The host adds each module with one line;
/// the module brings its services, its part of the database model, its SQL migrations, its endpoints and
/// its demo data.
/// </summary>
public interface IPolkuModule
{
    /// <summary>Short lower-case name; also the folder of its migrations and the prefix of its texts.</summary>
    string Name { get; }

    Assembly Assembly => GetType().Assembly;

    void AddServices(IServiceCollection services, IConfiguration configuration) { }

    void ConfigureModel(ModelBuilder modelBuilder) { }

    void MapEndpoints(IEndpointRouteBuilder endpoints) { }

    /// <summary>Seeds demo data when the module's tables are empty. Runs after all migrations.</summary>
    Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>The modules of this host, in registration order.</summary>
public sealed class ModuleCatalog(IReadOnlyList<IPolkuModule> modules)
{
    public IReadOnlyList<IPolkuModule> Modules { get; } = modules;
}
