using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Audit;
using Polku.Platform.Modules;
using Polku.Platform.Security;
using Polku.Training.Api;
using Polku.Training.Data;

namespace Polku.Training;

/// <summary>
/// Koulutus — training of professionals (spec 07): programmes offered to organisations, units and titles, courses in
/// order with prerequisites, course groups with a capacity and a waiting list, reminders, exams graded automatically,
/// certificates with a public verification code, and the certificate registry other modules gate access by.
/// </summary>
public sealed class TrainingModule : IPolkuModule
{
    public string Name => "training";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddAuthorizationBuilder().AddPolicy(TrainingPolicies.Trainer, p => p
            .RequireClaim(PolkuClaims.Kind, "staff")
            .RequireClaim(PolkuClaims.Role, PolkuRoles.Trainer, PolkuRoles.Coordinator));
        services.Configure<RazorPagesOptions>(o =>
        {
            o.Conventions.AuthorizeFolder("/Training", PolkuRoles.StaffPolicy);
            o.Conventions.AuthorizeFolder("/Training/Trainer", TrainingPolicies.Trainer);
            o.Conventions.AllowAnonymousToFolder("/Training/Verify");
        });
        TrainingServices.Add(services, configuration);
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => TrainingModel.Configure(modelBuilder);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        TrainingApi.Map(endpoints);
        TrainingImportApi.Map(endpoints);
        TrainingReportsApi.Map(endpoints);
    }

    public Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken) => TrainingSeeder.SeedAsync(services, cancellationToken);
}

/// <summary>The module's authorisation policies.</summary>
internal static class TrainingPolicies
{
    /// <summary>The trainer's pages: trainers, and the coordinator who runs the training.</summary>
    public const string Trainer = "training-trainer";
}
