using Microsoft.EntityFrameworkCore;

namespace Polku.ServiceManagement.Data;

/// <summary>A digital service in the catalogue: Polku's own modules and the external services the county routes to.</summary>
internal sealed class SmService
{
    public string Id { get; set; } = "";
    public string NameFi { get; set; } = "";
    public string NameSv { get; set; } = "";
    public string NameEn { get; set; } = "";
    public string Owner { get; set; } = "";
    public string Supplier { get; set; } = "";

    /// <summary>S (on order, best effort), M (basic) or L (extensive) — seed 000.</summary>
    public string Tier { get; set; } = "M";

    /// <summary><c>office</c> (Mon–Fri 08–16 Europe/Helsinki, holidays closed) or <c>24x7</c>.</summary>
    public string Calendar { get; set; } = "office";

    /// <summary>Target availability per calendar month, in per cent (e.g. 99.5).</summary>
    public double AvailabilityTarget { get; set; }

    public int MaxUnplannedOutages { get; set; }

    /// <summary>planned, introduction, in-use, retiring or retired.</summary>
    public string Lifecycle { get; set; } = "in-use";

    public bool External { get; set; }
    public string? HealthUrl { get; set; }
    public int ProbeIntervalSeconds { get; set; }
    public int ProbeTimeoutSeconds { get; set; }
    public int FailuresToOpen { get; set; }

    /// <summary>Response and resolution targets per priority (JSON, see <c>ServiceTargets</c>).</summary>
    public string TargetsJson { get; set; } = "{}";

    /// <summary>The contract's sanction table (JSON, see <c>Sanctions</c>).</summary>
    public string SanctionsJson { get; set; } = "[]";

    /// <summary>The lowest acceptable mean satisfaction rating (1–5) of a month; null when the contract sets none.</summary>
    public double? SatisfactionTarget { get; set; }

    public DateTime UpdatedUtc { get; set; }
}

/// <summary>One cell of the urgency × impact table.</summary>
internal sealed class PriorityCell
{
    public string Impact { get; set; } = "";
    public string Urgency { get; set; } = "";
    public string Priority { get; set; } = "";
}

/// <summary>A changed cell of the priority matrix: which, from what to what, who, when and why.</summary>
internal sealed class PriorityMatrixChange
{
    public Guid Id { get; set; }
    public string Impact { get; set; } = "";
    public string Urgency { get; set; } = "";
    public string OldPriority { get; set; } = "";
    public string NewPriority { get; set; } = "";
    public string Reason { get; set; } = "";
    public Guid? ChangedBy { get; set; }
    public string ChangedByName { get; set; } = "";
    public DateTime ChangedUtc { get; set; }
}

/// <summary>The reporter's rating (1–5) of how their resolved ticket was handled, with an optional comment.</summary>
internal sealed class TicketRating
{
    public Guid TicketId { get; set; }
    public int Rating { get; set; }
    public string? Comment { get; set; }
    public Guid RatedBy { get; set; }
    public DateTime RatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

internal sealed class Counter
{
    public string Kind { get; set; } = "";
    public long Last { get; set; }
}

/// <summary>An incident, service request, problem or change.</summary>
internal sealed class Ticket
{
    public Guid Id { get; set; }
    public string Number { get; set; } = "";

    /// <summary>incident, request, problem or change.</summary>
    public string Kind { get; set; } = "";
    public string ServiceId { get; set; } = "";
    public string Category { get; set; } = "";
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string ReporterName { get; set; } = "";
    public string? ReporterEmail { get; set; }
    public Guid? ReporterStaffId { get; set; }

    /// <summary>
    /// fi, sv or en: the language the reporter last wrote to the desk in (<c>/service-requests</c>), for the e-mails
    /// sent to them; null when unknown (a ticket the desk or monitoring opened) — then Finnish.
    /// </summary>
    public string? ReporterLanguage { get; set; }

    /// <summary>line1, line2, line3 or supplier.</summary>
    public string AssigneeGroup { get; set; } = "line1";
    public Guid? AssigneeStaffId { get; set; }
    public string Status { get; set; } = "new";
    public string Impact { get; set; } = "";
    public string Urgency { get; set; } = "";

    /// <summary>The priority the matrix gives for the impact and urgency.</summary>
    public string MatrixPriority { get; set; } = "";

    /// <summary>The priority in force: the matrix's, or the customer's override (who and why are recorded).</summary>
    public string Priority { get; set; } = "";
    public Guid? PrioritySetBy { get; set; }
    public string? PriorityReason { get; set; }
    public DateTime OpenedUtc { get; set; }
    public DateTime? RespondedUtc { get; set; }
    public DateTime? ResolvedUtc { get; set; }
    public DateTime? ClosedUtc { get; set; }
    public DateTime? ResponseDueUtc { get; set; }
    public DateTime? ResolutionDueUtc { get; set; }
    public bool ResponseWarned { get; set; }
    public bool ResponseBreached { get; set; }
    public bool ResolutionWarned { get; set; }
    public bool ResolutionBreached { get; set; }

    /// <summary>Null, assessing, declared or not-major.</summary>
    public string? MajorState { get; set; }

    /// <summary>The major incident this one is a child of.</summary>
    public Guid? ParentId { get; set; }
    public Guid? ProblemId { get; set; }
    public Guid? OutageId { get; set; }
    public bool KnownError { get; set; }
    public string? Workaround { get; set; }
    public string? CommunicationPlan { get; set; }
    public string? RcaRootCause { get; set; }
    public string? RcaCorrective { get; set; }
    public string? RcaPrevention { get; set; }

    /// <summary>standard, normal, emergency or major (changes only).</summary>
    public string? ChangeType { get; set; }

    /// <summary>pending, approved or rejected (changes only).</summary>
    public string? ChangeApproval { get; set; }
    public DateTime? WindowStartUtc { get; set; }
    public DateTime? WindowEndUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public int Version { get; set; }
}

/// <summary>A period in which the ticket's SLA clock stood still.</summary>
internal sealed class TicketPause
{
    public Guid Id { get; set; }
    public Guid TicketId { get; set; }

    /// <summary>waiting-reporter or waiting-third-party.</summary>
    public string Reason { get; set; } = "";
    public DateTime StartUtc { get; set; }
    public DateTime? EndUtc { get; set; }
}

/// <summary>A line of a ticket's history: a change of status, priority or assignment, a comment, a room update.</summary>
internal sealed class TicketEntry
{
    public Guid Id { get; set; }
    public Guid TicketId { get; set; }
    public DateTime AtUtc { get; set; }
    public Guid? ActorStaffId { get; set; }
    public string ActorName { get; set; } = "";
    public string Kind { get; set; } = "";

    /// <summary>internal, reporter (the reporter sees it) or public (a major incident's published update).</summary>
    public string Visibility { get; set; } = "internal";
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }
    public string? Text { get; set; }
}

/// <summary>
/// A file on a ticket: uploaded with the ticket or with a comment (the history line it belongs to). The bytes are in the
/// row, so every node serves every file; lists read the other columns only. One on an internal comment is internal.
/// </summary>
internal sealed class TicketAttachment
{
    public Guid Id { get; set; }
    public Guid TicketId { get; set; }

    /// <summary>The history line (the opening or a comment) the file came with.</summary>
    public Guid? EntryId { get; set; }

    /// <summary>The safe name (<c>UploadChecks.SafeName</c>), its extension from the content's type.</summary>
    public string FileName { get; set; } = "";

    /// <summary>The type sniffed from the content, never the declared one.</summary>
    public string ContentType { get; set; } = "";
    public long SizeBytes { get; set; }
    public byte[] Content { get; set; } = [];
    public Guid? UploadedByStaffId { get; set; }
    public string UploadedByName { get; set; } = "";
    public DateTime UploadedUtc { get; set; }

    /// <summary>Whether the reporter sees it on <c>/service-requests/{number}</c>.</summary>
    public bool VisibleToReporter { get; set; }
}

internal sealed class ProbeSchedule
{
    public string ServiceId { get; set; } = "";
    public DateTime NextDueUtc { get; set; }
    public DateTime? LeasedUntilUtc { get; set; }
    public int ConsecutiveFailures { get; set; }
    public DateTime? LastOkUtc { get; set; }
    public DateTime? LastFailureUtc { get; set; }
    public Guid? OpenOutageId { get; set; }
}

internal sealed class ProbeResult
{
    public Guid Id { get; set; }
    public string ServiceId { get; set; } = "";
    public DateTime AtUtc { get; set; }
    public bool Ok { get; set; }
    public int? StatusCode { get; set; }
    public int DurationMs { get; set; }
    public string? Error { get; set; }
}

internal sealed class Outage
{
    public Guid Id { get; set; }
    public string ServiceId { get; set; } = "";
    public DateTime StartUtc { get; set; }
    public DateTime? EndUtc { get; set; }

    /// <summary>probe or manual.</summary>
    public string Source { get; set; } = "probe";

    /// <summary>Null, or maintenance, customer or third-party: the outage's minutes are excluded (Eh).</summary>
    public string? ExcludedReason { get; set; }
    public string? ExclusionNote { get; set; }
    public Guid? IncidentId { get; set; }
    public Guid? RecordedBy { get; set; }
    public DateTime CreatedUtc { get; set; }
}

internal sealed class MonitoringEvent
{
    public Guid Id { get; set; }
    public string? ServiceId { get; set; }
    public DateTime AtUtc { get; set; }
    public string Kind { get; set; } = "";
    public string Severity { get; set; } = "info";
    public string Message { get; set; } = "";
    public Guid? OutageId { get; set; }
    public Guid? IncidentId { get; set; }
}

internal sealed class Notice
{
    public Guid Id { get; set; }
    public string? ServiceId { get; set; }

    /// <summary>disruption (current) or planned (a maintenance window).</summary>
    public string Kind { get; set; } = "disruption";

    /// <summary>draft, published or ended.</summary>
    public string State { get; set; } = "draft";
    public string TitleFi { get; set; } = "";
    public string TitleSv { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string BodyFi { get; set; } = "";
    public string BodySv { get; set; } = "";
    public string BodyEn { get; set; } = "";
    public DateTime StartsUtc { get; set; }
    public DateTime? EndsUtc { get; set; }
    public Guid? IncidentId { get; set; }
    public Guid? ChangeId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? PublishedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

internal sealed class KbArticle
{
    public Guid Id { get; set; }
    public string Number { get; set; } = "";
    public string? ServiceId { get; set; }
    public string TitleFi { get; set; } = "";
    public string TitleSv { get; set; } = "";
    public string TitleEn { get; set; } = "";
    public string BodyFi { get; set; } = "";
    public string BodySv { get; set; } = "";
    public string BodyEn { get; set; } = "";
    public Guid? CreatedBy { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

internal sealed class KbLink
{
    public Guid ArticleId { get; set; }
    public Guid TicketId { get; set; }
}

/// <summary>A frozen monthly service-level report; a correction is a new version, never an edit.</summary>
internal sealed class Report
{
    public Guid Id { get; set; }
    public string ServiceId { get; set; } = "";
    public int Year { get; set; }
    public int Month { get; set; }
    public int Version { get; set; }
    public DateTime CreatedUtc { get; set; }
    public Guid? CreatedBy { get; set; }
    public string ContentJson { get; set; } = "";
    public string ContentHash { get; set; } = "";
    public string? PreviousHash { get; set; }
    public string? CorrectionReason { get; set; }
}

internal static class SmModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<SmService>(e =>
        {
            e.ToTable("sm_services");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(60);
            e.Property(x => x.NameFi).HasMaxLength(200);
            e.Property(x => x.NameSv).HasMaxLength(200);
            e.Property(x => x.NameEn).HasMaxLength(200);
            e.Property(x => x.Owner).HasMaxLength(200);
            e.Property(x => x.Supplier).HasMaxLength(200);
            e.Property(x => x.Tier).HasMaxLength(1);
            e.Property(x => x.Calendar).HasMaxLength(10);
            e.Property(x => x.Lifecycle).HasMaxLength(20);
            e.Property(x => x.HealthUrl).HasMaxLength(400);
        });
        b.Entity<PriorityCell>(e =>
        {
            e.ToTable("sm_priority_matrix");
            e.HasKey(x => new { x.Impact, x.Urgency });
            e.Property(x => x.Impact).HasMaxLength(20);
            e.Property(x => x.Urgency).HasMaxLength(20);
            e.Property(x => x.Priority).HasMaxLength(2);
        });
        b.Entity<PriorityMatrixChange>(e =>
        {
            e.ToTable("sm_priority_matrix_changes");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ChangedUtc);
            e.Property(x => x.Impact).HasMaxLength(20);
            e.Property(x => x.Urgency).HasMaxLength(20);
            e.Property(x => x.OldPriority).HasMaxLength(2);
            e.Property(x => x.NewPriority).HasMaxLength(2);
            e.Property(x => x.ChangedByName).HasMaxLength(200);
        });
        b.Entity<TicketRating>(e =>
        {
            e.ToTable("sm_ticket_ratings");
            e.HasKey(x => x.TicketId);
            e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Counter>(e =>
        {
            e.ToTable("sm_counters");
            e.HasKey(x => x.Kind);
            e.Property(x => x.Kind).HasMaxLength(10);
        });
        b.Entity<Ticket>(e =>
        {
            e.ToTable("sm_tickets");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Number).IsUnique();
            e.HasIndex(x => new { x.Kind, x.Status, x.OpenedUtc });
            e.HasIndex(x => new { x.ServiceId, x.OpenedUtc });
            e.HasIndex(x => x.OpenedUtc);
            e.HasIndex(x => x.ParentId);
            e.HasIndex(x => x.ProblemId);
            e.HasOne<SmService>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.NoAction);
            e.Property(x => x.Number).HasMaxLength(20);
            e.Property(x => x.Kind).HasMaxLength(10);
            e.Property(x => x.ServiceId).HasMaxLength(60);
            e.Property(x => x.Category).HasMaxLength(60);
            e.Property(x => x.Title).HasMaxLength(200);
            e.Property(x => x.ReporterName).HasMaxLength(200);
            e.Property(x => x.ReporterEmail).HasMaxLength(200);
            e.Property(x => x.ReporterLanguage).HasMaxLength(2);
            e.Property(x => x.AssigneeGroup).HasMaxLength(20);
            e.Property(x => x.Status).HasMaxLength(30);
            e.Property(x => x.Impact).HasMaxLength(20);
            e.Property(x => x.Urgency).HasMaxLength(20);
            e.Property(x => x.MatrixPriority).HasMaxLength(2);
            e.Property(x => x.Priority).HasMaxLength(2);
            e.Property(x => x.MajorState).HasMaxLength(20);
            e.Property(x => x.ChangeType).HasMaxLength(20);
            e.Property(x => x.ChangeApproval).HasMaxLength(20);
        });
        b.Entity<TicketPause>(e =>
        {
            e.ToTable("sm_ticket_pauses");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.TicketId);
            e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.Reason).HasMaxLength(30);
        });
        b.Entity<TicketEntry>(e =>
        {
            e.ToTable("sm_ticket_entries");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.TicketId, x.AtUtc });
            e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.ActorName).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(30);
            e.Property(x => x.Visibility).HasMaxLength(20);
            e.Property(x => x.OldValue).HasMaxLength(200);
            e.Property(x => x.NewValue).HasMaxLength(200);
        });
        b.Entity<TicketAttachment>(e =>
        {
            e.ToTable("sm_ticket_attachments");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.TicketId, x.UploadedUtc });
            e.HasIndex(x => x.EntryId);
            e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<TicketEntry>().WithMany().HasForeignKey(x => x.EntryId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.FileName).HasMaxLength(200);
            e.Property(x => x.ContentType).HasMaxLength(100);
            e.Property(x => x.UploadedByName).HasMaxLength(200);
        });
        b.Entity<ProbeSchedule>(e =>
        {
            e.ToTable("sm_probe_schedule");
            e.HasKey(x => x.ServiceId);
            e.Property(x => x.ServiceId).HasMaxLength(60);
            e.HasOne<SmService>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ProbeResult>(e =>
        {
            e.ToTable("sm_probe_results");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ServiceId, x.AtUtc });
            e.HasOne<SmService>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.ServiceId).HasMaxLength(60);
            e.Property(x => x.Error).HasMaxLength(400);
        });
        b.Entity<Outage>(e =>
        {
            e.ToTable("sm_outages");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ServiceId, x.StartUtc });
            e.HasOne<SmService>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.ServiceId).HasMaxLength(60);
            e.Property(x => x.Source).HasMaxLength(20);
            e.Property(x => x.ExcludedReason).HasMaxLength(20);
        });
        b.Entity<MonitoringEvent>(e =>
        {
            e.ToTable("sm_events");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.AtUtc);
            e.Property(x => x.ServiceId).HasMaxLength(60);
            e.Property(x => x.Kind).HasMaxLength(40);
            e.Property(x => x.Severity).HasMaxLength(10);
        });
        b.Entity<Notice>(e =>
        {
            e.ToTable("sm_notices");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.State, x.StartsUtc });
            e.Property(x => x.ServiceId).HasMaxLength(60);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.State).HasMaxLength(20);
            e.Property(x => x.TitleFi).HasMaxLength(200);
            e.Property(x => x.TitleSv).HasMaxLength(200);
            e.Property(x => x.TitleEn).HasMaxLength(200);
        });
        b.Entity<KbArticle>(e =>
        {
            e.ToTable("sm_kb_articles");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Number).IsUnique();
            e.Property(x => x.Number).HasMaxLength(20);
            e.Property(x => x.ServiceId).HasMaxLength(60);
            e.Property(x => x.TitleFi).HasMaxLength(200);
            e.Property(x => x.TitleSv).HasMaxLength(200);
            e.Property(x => x.TitleEn).HasMaxLength(200);
        });
        b.Entity<KbLink>(e =>
        {
            e.ToTable("sm_kb_links");
            e.HasKey(x => new { x.ArticleId, x.TicketId });
            e.HasIndex(x => x.TicketId);
            e.HasOne<KbArticle>().WithMany().HasForeignKey(x => x.ArticleId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Ticket>().WithMany().HasForeignKey(x => x.TicketId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<Report>(e =>
        {
            e.ToTable("sm_reports");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ServiceId, x.Year, x.Month, x.Version }).IsUnique();
            e.HasOne<SmService>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.NoAction);
            e.Property(x => x.ServiceId).HasMaxLength(60);
            e.Property(x => x.ContentHash).HasMaxLength(64);
            e.Property(x => x.PreviousHash).HasMaxLength(64);

            // A frozen report is never edited (a correction is a new version): changing any column after the insert throws.
            foreach (var property in e.Metadata.GetProperties())
            {
                property.SetAfterSaveBehavior(Microsoft.EntityFrameworkCore.Metadata.PropertySaveBehavior.Throw);
            }
        });
    }
}
