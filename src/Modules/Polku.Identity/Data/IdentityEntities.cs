namespace Polku.Identity.Data;

/// <summary>Henkilö — a resident. The identity code is personal data: never log it, never put it in a URL.</summary>
internal sealed class Person
{
    public Guid Id { get; set; }

    /// <summary>Finnish personal identity code; null for people identified otherwise.</summary>
    public string? IdentityCode { get; set; }
    public string FirstName { get; set; } = "";
    public string LastName { get; set; } = "";

    /// <summary>Statistics Finland municipality code (Region module), no foreign key across modules.</summary>
    public string? HomeMunicipalityCode { get; set; }
    public string? Phone { get; set; }
    public string? Email { get; set; }
    public string? StreetAddress { get; set; }
    public string? PostalCode { get; set; }
    public string? City { get; set; }

    /// <summary>Turvakielto: the address is never shown, printed, exported or put in a message.</summary>
    public bool ProtectedAddress { get; set; }

    /// <summary>fi, sv or en.</summary>
    public string PreferredLanguage { get; set; } = "fi";

    public DateTime CreatedUtc { get; set; }

    public string FullName => $"{FirstName} {LastName}";
}

/// <summary>Huoltajuus — the guardian may act for the ward while the ward is under the age limit.</summary>
internal sealed class Guardianship
{
    public Guid GuardianId { get; set; }
    public Guid WardId { get; set; }
}

/// <summary>Ammattilainen — a professional or an administrative user.</summary>
internal sealed class StaffMember
{
    public Guid Id { get; set; }
    public string Login { get; set; } = "";
    public string DisplayName { get; set; } = "";

    /// <summary>Title code: nurse, doctor, social-worker, secretary, coordinator … (free text; known codes are translated).</summary>
    public string Title { get; set; } = "";
    public string? Email { get; set; }

    /// <summary>The <c>sub</c> of the county directory's OpenID Connect provider.</summary>
    public string? ExternalSubject { get; set; }

    /// <summary>
    /// The person's id in the county's directory or HR system (an employee number, a directory object id): the HR import's
    /// <c>directory_id</c>, and the field a staff provider may match sign-ins on instead of the subject.
    /// </summary>
    public string? DirectoryId { get; set; }

    /// <summary>A deactivated professional cannot sign in and has no session; the row and its history stay.</summary>
    public bool Active { get; set; } = true;

    /// <summary>
    /// As a coordinator, administers the staff of the whole county; otherwise only of the units in
    /// <see cref="StaffAdminScope"/> (none: nobody). Meaningless without the coordinator role.
    /// </summary>
    public bool AdminCounty { get; set; }

    /// <summary>Optimistic concurrency: raised by every change, which is made only if nobody changed the row since it was read.</summary>
    public int Version { get; set; }
}

/// <summary>A unit whose staff a unit-scoped coordinator administers (<see cref="StaffMember.AdminCounty"/> false).</summary>
internal sealed class StaffAdminScope
{
    public Guid StaffId { get; set; }

    /// <summary>Region unit id; no foreign key across modules.</summary>
    public Guid UnitId { get; set; }
}

/// <summary>One change of a professional's account: who made it, when, how and what changed (the person's history).</summary>
internal sealed class StaffChange
{
    public Guid Id { get; set; }
    public Guid StaffId { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>The coordinator who made the change; null for a sign-in that provisioned the account.</summary>
    public Guid? ByStaffId { get; set; }

    /// <summary>The changer's name at the time (or the identity provider's name), so the history reads the same later.</summary>
    public string ByName { get; set; } = "";

    /// <summary><c>created</c>, <c>updated</c>, <c>deactivated</c>, <c>reactivated</c> or <c>provisioned</c>.</summary>
    public string Action { get; set; } = "";

    /// <summary><c>page</c>, <c>api</c>, <c>import</c> or <c>oidc</c>.</summary>
    public string Source { get; set; } = "";

    /// <summary>The changed fields as JSON: <c>[{"field":"title","from":"nurse","to":"doctor"}]</c>.</summary>
    public string Details { get; set; } = "[]";
}

internal sealed class StaffRole
{
    public Guid StaffId { get; set; }

    /// <summary>One of <see cref="Polku.Platform.Security.PolkuRoles"/>.</summary>
    public string Role { get; set; } = "";
}

internal sealed class StaffUnit
{
    public Guid StaffId { get; set; }

    /// <summary>Region unit id; no foreign key across modules.</summary>
    public Guid UnitId { get; set; }
}

/// <summary>
/// Istunto — one signed-in session. The cookie carries a random session id; the table keeps only its SHA-256, so a copy
/// of the table cannot be turned into working cookies. Signing out deletes the row, signing out everywhere deletes the
/// person's rows, and a row past its idle or absolute limit no longer authenticates anyone, on any node.
/// </summary>
internal sealed class UserSession
{
    /// <summary>Lower-case hex SHA-256 of the session id in the cookie.</summary>
    public string Id { get; set; } = "";

    /// <summary>The resident's or professional's id (a guardian's own id while acting for a ward).</summary>
    public Guid PersonId { get; set; }

    /// <summary><c>resident</c> or <c>staff</c>.</summary>
    public string Kind { get; set; } = "";
    public DateTime CreatedUtc { get; set; }

    /// <summary>The last request seen, written at most once a minute.</summary>
    public DateTime LastSeenUtc { get; set; }

    /// <summary>The absolute end of the session, however active.</summary>
    public DateTime ExpiresUtc { get; set; }

    /// <summary>
    /// The identity provider's ID token, data-protected, kept only for the provider's end-session request
    /// (<c>id_token_hint</c>) — here rather than in the cookie, so the browser never carries the provider's token.
    /// </summary>
    public string? IdTokenProtected { get; set; }
}

/// <summary>
/// An authorization code of the built-in test provider, shared by every node: the id is the code's SHA-256 (the code
/// itself is only in the browser's redirect), the request and identity are data-protected, and deleting the row
/// redeems it, so a code works once on whichever node the token request reaches.
/// </summary>
internal sealed class TestIdpCode
{
    public string Id { get; set; } = "";
    public string Payload { get; set; } = "";
    public DateTime ExpiresUtc { get; set; }
}

/// <summary>The built-in test provider's signing key, data-protected, so every node signs with the same key.</summary>
internal sealed class TestIdpKey
{
    public string Id { get; set; } = "";
    public string KeyId { get; set; } = "";
    public string PrivateKey { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
}

/// <summary>A role that requires a valid certificate of a kind (spec 07): it cannot be given without one and lapses when it expires.</summary>
internal sealed class RoleRequirement
{
    /// <summary>One of <see cref="Polku.Platform.Security.PolkuRoles"/> that may be gated (<see cref="StaffAdmin.RoleCertificates.Gateable"/>).</summary>
    public string Role { get; set; } = "";

    /// <summary>The certificate kind code of the Training module.</summary>
    public string CertificateKind { get; set; } = "";

    public string ChangedBy { get; set; } = "";
    public DateTime ChangedUtc { get; set; }
}

/// <summary>A role a professional lost because its certificate was no longer valid, kept to say why.</summary>
internal sealed class RoleLapse
{
    public Guid Id { get; set; }
    public Guid StaffId { get; set; }
    public string Role { get; set; } = "";
    public string CertificateKind { get; set; } = "";
    public DateTime? CertificateExpiredUtc { get; set; }
    public DateTime LapsedUtc { get; set; }
}

/// <summary>A warning that a certificate a professional's role requires expires soon, claimed once across nodes by its key.</summary>
internal sealed class RoleCertificateWarning
{
    public Guid StaffId { get; set; }
    public string CertificateKind { get; set; } = "";
    public DateTime ExpiresUtc { get; set; }
    public int DaysAhead { get; set; }
    public DateTime SentUtc { get; set; }
}
