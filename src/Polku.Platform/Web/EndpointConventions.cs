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

    /// <summary>
    /// Declares that a cookie-authenticated call may send the body as <c>multipart/form-data</c> (a file), which the
    /// cross-site guard otherwise refuses under <c>/api</c>; the caller must still be of Polku's own origin.
    /// </summary>
    public static TBuilder AcceptsFileUpload<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(new FileUploadAllowed());
}

/// <summary>Endpoint metadata: the endpoint takes a multipart file upload (<see cref="EndpointConventions.AcceptsFileUpload"/>).</summary>
public sealed class FileUploadAllowed;
