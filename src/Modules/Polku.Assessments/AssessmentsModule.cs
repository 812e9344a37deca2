using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Data;
using Polku.Platform.Modules;

namespace Polku.Assessments;

/// <summary>Arviot ja paikallinen palveluohjaus — symptom, service and wellbeing assessments and local service routing.</summary>
public sealed class AssessmentsModule : IPolkuModule
{
    public string Name => "assessments";

    public void AddServices(IServiceCollection services, IConfiguration configuration)
    {
    }

    public void ConfigureModel(ModelBuilder modelBuilder) => AssessmentsModel.Configure(modelBuilder);
}
