namespace Polku.Platform.Audit;

/// <summary>
/// Declares that a page or endpoint reads or changes a resident's data under the given action code. Handlers
/// name the residents they touch through <see cref="AuditScope"/>; one middleware writes the audit rows.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class AuditAttribute(string action, AuditAccess access = AuditAccess.Read) : Attribute
{
    public string Action { get; } = action;
    public AuditAccess Access { get; } = access;
}

/// <summary>Declares, with the reason, that a page or endpoint never touches a resident's data.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class AuditExemptAttribute(string reason) : Attribute
{
    public string Reason { get; } = reason;
}

public enum AuditAccess
{
    Read,
    Change,
}
