using Microsoft.AspNetCore.Builder;
using Polku.Platform.Audit;

namespace Polku.Platform.Web;

public static class EndpointConventions
{
    /// <summary>Declares the audit action of an endpoint that reads or changes a resident's data.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action, AuditAccess access = AuditAccess.Read)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AuditAttribute(action, access));

    /// <summary>Declares, with the reason, that an endpoint never touches a resident's data.</summary>
    public static TBuilder AuditExempt<TBuilder>(this TBuilder builder, string reason)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new AuditExemptAttribute(reason));
}
