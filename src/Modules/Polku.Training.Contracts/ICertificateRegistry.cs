namespace Polku.Training.Contracts;

/// <summary>
/// A professional's certificate of a kind (spec 07): the kind is the code a role or a work queue names as its requirement
/// (e.g. <c>chat</c>, <c>symptom-queue</c>, <c>remote-appointments</c>); the certificate is issued when the professional
/// passes the exam of a course that grants that kind, and renewed by the lighter online path.
/// </summary>
/// <param name="Kind">The certificate kind code.</param>
/// <param name="VerificationCode">The code the public verification page takes.</param>
/// <param name="IssuedUtc">When it was (last) issued.</param>
/// <param name="ExpiresUtc">When it stops being valid; null when it never expires.</param>
public sealed record CertificateInfo(Guid StaffId, string Kind, string VerificationCode, DateTime IssuedUtc, DateTime? ExpiresUtc)
{
    public bool IsValidAt(DateTime utc) => ExpiresUtc is not { } expires || utc < expires;
}

/// <summary>
/// Read access to professionals' certificates for the modules that gate access by them (work-queue membership in
/// Contacts, roles in Identity). Certificates are only ever issued by the Training module.
/// </summary>
public interface ICertificateRegistry
{
    /// <summary>The professional's newest certificate of the kind that is valid at <paramref name="atUtc"/>, or null.</summary>
    Task<CertificateInfo?> FindValidAsync(Guid staffId, string kind, DateTime atUtc, CancellationToken cancellationToken = default);

    /// <summary>The professionals' newest certificate of each kind (valid or not), for lists that show why access is missing.</summary>
    Task<IReadOnlyList<CertificateInfo>> GetLatestAsync(IEnumerable<Guid> staffIds, CancellationToken cancellationToken = default);

    /// <summary>Certificates that expire in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), oldest first — for lapse warnings.</summary>
    Task<IReadOnlyList<CertificateInfo>> GetExpiringAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken = default);

    /// <summary>The certificate kinds a county has defined, code → name in fi/sv/en, for the pick lists of roles and queues.</summary>
    Task<IReadOnlyList<CertificateKind>> GetKindsAsync(CancellationToken cancellationToken = default);
}

/// <summary>A kind of certificate with its name in the three languages.</summary>
public sealed record CertificateKind(string Code, string NameFi, string NameSv, string NameEn)
{
    public string Name(string language) => language switch { "sv" => NameSv, "en" => NameEn, _ => NameFi };
}
