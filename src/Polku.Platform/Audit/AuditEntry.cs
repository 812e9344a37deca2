using Polku.Platform.Persistence;

namespace Polku.Platform.Audit;

/// <summary>
/// Lokimerkintä — one read or change of a resident's data: who, when, what, why and from where.
/// Append-only: the application never updates or deletes a row (PostgreSQL also refuses it by trigger).
/// </summary>
public sealed class AuditEntry : IAppendOnly
{
    public Guid Id { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>Whose data was read or changed.</summary>
    public Guid SubjectPersonId { get; set; }

    /// <summary>Person id of the user; null for system actions.</summary>
    public Guid? ActorId { get; set; }
    public string ActorName { get; set; } = "";

    /// <summary>resident, guardian, professional, coordinator … or system.</summary>
    public string ActorRole { get; set; } = "";

    /// <summary>Declared action code, e.g. <c>identity.ownpage.read</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary>read or change.</summary>
    public string Access { get; set; } = "read";
    public string? Reason { get; set; }

    /// <summary>Access without a care relationship, justified by a reason; flagged for review.</summary>
    public bool Emergency { get; set; }
    public string? RemoteAddress { get; set; }
    public string? Endpoint { get; set; }
}
