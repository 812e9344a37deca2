using Polku.Contacts.Contracts;
using Polku.Platform.Localization;
using Polku.Region.Contracts;

namespace Polku.Contacts.Queues;

/// <summary>The coordinator's way from <c>/admin</c> to the work queues.</summary>
internal sealed class QueueAdminLinks(Texts texts) : IAdminLinks
{
    public IReadOnlyList<AdminLink> Links =>
        [new AdminLink(110, texts.All("contacts.queues.title"), texts.All("contacts.queues.admin_hint"), ContactsRoutes.AdminQueues)];
}
