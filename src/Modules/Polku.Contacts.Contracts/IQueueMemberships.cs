using Polku.Platform.Localization;

namespace Polku.Contacts.Contracts;

/// <summary>A work queue a professional is a member of, for the staff pages.</summary>
/// <param name="Code">The queue's code (its admin pages are <see cref="ContactsRoutes.AdminQueueMembers"/>).</param>
/// <param name="RequiredCertificate">The certificate kind the queue requires, or null.</param>
public sealed record QueueMembershipInfo(string Code, LocalizedText Name, bool Closed, string? RequiredCertificate);

/// <summary>
/// Read access to work-queue memberships for the staff administration (Identity): the person's page lists the queues
/// they work in. Memberships are changed only on the queue's members page, where the certificate rules apply.
/// </summary>
public interface IQueueMemberships
{
    /// <summary>The professional's queues by name.</summary>
    Task<IReadOnlyList<QueueMembershipInfo>> GetForStaffAsync(Guid staffId, CancellationToken cancellationToken = default);
}
