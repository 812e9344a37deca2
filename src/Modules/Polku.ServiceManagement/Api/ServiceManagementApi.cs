using Microsoft.AspNetCore.Routing;

namespace Polku.ServiceManagement.Api;

/// <summary>The module's public API under <c>/api/service-management</c> (and the public <c>/api/status</c>); each part maps its own group.</summary>
internal static class ServiceManagementApi
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        TicketsApi.Map(endpoints);
        AttachmentsApi.Map(endpoints);
        StatusApi.Map(endpoints);
        KnowledgeApi.Map(endpoints);
        MonitoringApi.Map(endpoints);
        Monitoring.DevStandIns.Map(endpoints);
        AvailabilityApi.Map(endpoints);
        ReportsApi.Map(endpoints);
        SlaApi.Map(endpoints);
    }
}
