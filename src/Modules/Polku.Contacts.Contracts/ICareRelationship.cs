namespace Polku.Contacts.Contracts;

/// <summary>
/// Hoitosuhde — whether a professional may see a resident's data without emergency access: a task of the resident's
/// cases is (or was) in a queue of one of the professional's units, or in a queue the professional is a member of.
/// </summary>
public interface ICareRelationship
{
    Task<bool> ExistsAsync(Guid staffId, Guid residentId, CancellationToken cancellationToken = default);
}
