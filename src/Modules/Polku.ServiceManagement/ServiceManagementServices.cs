using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Polku.ServiceManagement;

/// <summary>The module's services, registered by part (each part adds its own line).</summary>
internal static class ServiceManagementServices
{
    public static void Add(IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<Catalogue.CatalogueService>();
        services.AddScoped<Tickets.TicketService>().AddScoped<Tickets.TicketQueries>().AddScoped<Tickets.DeskQueries>().AddScoped<Tickets.TicketAttachments>();
        services.AddScoped<Notices.NoticeService>();
        services.AddScoped<Contracts.IDisruptionNotices, Notices.DisruptionNotices>();
        services.AddScoped<Knowledge.KnowledgeService>();
        services.AddScoped<Knowledge.KnowledgeLinks>();
        Monitoring.MonitoringRegistration.Add(services, configuration);
        services.AddScoped<Domain.Availability.AvailabilityService>();
        services.AddScoped<Reports.ReportBuilder>();
        services.AddScoped<Reports.ReportStore>();
        services.AddScoped<Domain.Sla.PriorityMatrix>();
        services.AddScoped<Sla.PriorityMatrixEditor>();
        services.AddScoped<Satisfaction.TicketRatings>();
        Sla.SlaWatchWorker.Register(services, configuration);
    }
}
