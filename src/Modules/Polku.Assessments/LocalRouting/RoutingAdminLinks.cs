using Polku.Platform.Localization;
using Polku.Region.Contracts;

namespace Polku.Assessments.LocalRouting;

/// <summary>The coordinator's way from <c>/admin</c> to the local service routing table.</summary>
internal sealed class RoutingAdminLinks(Texts texts) : IAdminLinks
{
    public IReadOnlyList<AdminLink> Links =>
        [new AdminLink(100, texts.All("assessments.routing.title"), texts.All("assessments.routing.admin_hint"), "/admin/routing")];
}
