namespace Polku.Platform.Audit;

/// <summary>The residents whose data the current request touched; flushed to the audit log by <see cref="AuditMiddleware"/>.</summary>
public sealed class AuditScope
{
    private readonly List<(Guid Subject, AuditAccess? Access, string? Action)> _touched = [];

    /// <summary>Why the data was accessed, when the user gave a reason (emergency access).</summary>
    public string? Reason { get; set; }
    public bool Emergency { get; set; }

    /// <summary>Records that this request read or changed the given resident's data.</summary>
    public void Touch(Guid subjectPersonId, AuditAccess? access = null, string? action = null)
    {
        if (!_touched.Exists(t => t.Subject == subjectPersonId && t.Access == access && t.Action == action))
        {
            _touched.Add((subjectPersonId, access, action));
        }
    }

    /// <summary>Whether something touched is not yet written.</summary>
    public bool HasPending => _touched.Count > 0;

    /// <summary>Puts back what a unit of work took and then could not commit: the attempt is still audited.</summary>
    internal void Restore(IReadOnlyList<(Guid Subject, AuditAccess? Access, string? Action)> taken)
    {
        foreach (var (subject, access, action) in taken)
        {
            Touch(subject, access, action);
        }
    }

    internal IReadOnlyList<(Guid Subject, AuditAccess? Access, string? Action)> TakeAll()
    {
        var all = _touched.ToArray();
        _touched.Clear();
        return all;
    }
}
