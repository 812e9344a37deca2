using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Api;
using Polku.Assessments.Catalog;
using Polku.Assessments.Data;
using Polku.Assessments.Flow;
using Polku.Assessments.LocalRouting;
using Polku.Platform.Modules;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Assessments;

/// <summary>Arviot ja paikallinen palveluohjaus — symptom, service and wellbeing assessments and local service routing.</summary>
public sealed class AssessmentsModule : IPolkuModule
{
    public string Name => "assessments";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AssessmentOptions>(configuration.GetSection(AssessmentOptions.Section));
        services.AddSingleton<AssessmentCatalog>();
        services.AddSingleton<RoutingStore>();
        services.AddScoped<AssessmentService>();
        services.AddScoped<ResidentResponses>();
        services.AddScoped<Contracts.IAssessmentResults, AssessmentResults>();
        services.AddSingleton<IFrontDoorSections, AssessmentFrontDoor>();
        services.AddSingleton<IBuiltInChannelLinks, AssessmentChannelLinks>();
        services.AddSingleton<IAdminLinks, RoutingAdminLinks>();
        services.AddScoped<Polku.Contacts.Contracts.IFeedbackSubjects, AssessmentFeedbackSubjects>();
        services.AddScoped<Forms.FormService>().AddScoped<Contracts.IPreInformation, Forms.PreInformation>();
        services.AddScoped<Polku.Contacts.Contracts.IWorkTaskObserver, Forms.FormTaskObserver>();
        services.AddScoped<Polku.Contacts.Contracts.IFeedbackSubjects, Forms.FormFeedbackSubjects>();
        services.AddSingleton<IBuiltInChannelLinks, FormChannelLinks>();
        services.AddScoped<Polku.Identity.Contracts.IOwnPageSections, Forms.AssessmentOwnPage>();
        services.AddScoped<Polku.Contacts.Contracts.IResidentTimelineSource, Forms.AssessmentTimeline>();
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => AssessmentsModel.Configure(modelBuilder);

    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        AssessmentsApi.Map(endpoints);
        DeskAssessmentsApi.Map(endpoints);
        FormsApi.Map(endpoints);
    }

    public async Task SeedAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<PolkuDb>();
        var time = services.GetRequiredService<TimeProvider>();

        // Every start: content with errors or a changed published version stops the application here.
        await ContentVersions.VerifyAsync(db, services.GetRequiredService<AssessmentCatalog>(), time, cancellationToken);
        await RoutingStore.SeedAsync(db, time, cancellationToken);
    }
}
