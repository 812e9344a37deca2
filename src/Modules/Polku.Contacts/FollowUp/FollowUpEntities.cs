using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;

namespace Polku.Contacts.FollowUp;

public enum FollowUpPlanState
{
    Active,
    Ended,
}

/// <summary>
/// Etäseurantasuunnitelma — one resident's follow-up plan from a template: from <see cref="StartDate"/> to
/// <see cref="EndDate"/> (Helsinki dates), its alerts going to <see cref="QueueId"/>. <see cref="AlertTaskId"/> is the
/// open alert episode's task; one conditional update decides who starts an episode (<see cref="FollowUpService"/>).
/// </summary>
internal sealed class FollowUpPlan
{
    public Guid Id { get; set; }
    public Guid ResidentId { get; set; }
    public string TemplateCode { get; set; } = "";
    public Guid QueueId { get; set; }

    /// <summary>The case the alert tasks belong to: the enrolling task's, or one opened by the first alert.</summary>
    public Guid? CaseId { get; set; }
    public string? MunicipalityCode { get; set; }
    public string? ServiceCode { get; set; }
    public DateOnly StartDate { get; set; }
    public DateOnly EndDate { get; set; }
    public FollowUpPlanState State { get; set; }
    public DateTime CreatedUtc { get; set; }
    public Guid CreatedBy { get; set; }
    public DateTime? EndedUtc { get; set; }
    public Guid? EndedBy { get; set; }

    /// <summary>The latest schedule slot whose reminder has been sent; the reminder job claims a slot by moving it.</summary>
    public DateTime? RemindedThroughUtc { get; set; }

    /// <summary>The alert task of the current episode; a done task ends the episode.</summary>
    public Guid? AlertTaskId { get; set; }
    public int Version { get; set; }
}

/// <summary>Mittaus — one measurement the resident (or their guardian) recorded, its values as JSON (field code → number).</summary>
internal sealed class FollowUpMeasurement
{
    public Guid Id { get; set; }
    public Guid PlanId { get; set; }
    public string ValuesJson { get; set; } = "{}";
    public DateTime MeasuredUtc { get; set; }
    public DateTime RecordedUtc { get; set; }

    /// <summary>Who typed it: the resident, or the guardian acting for them.</summary>
    public Guid RecordedBy { get; set; }
    public string? Note { get; set; }
    public bool OutOfLimits { get; set; }

    /// <summary>The alert episode's task this value started or was attached to.</summary>
    public Guid? AlertTaskId { get; set; }
}

internal static class FollowUpModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<FollowUpPlan>(e =>
        {
            e.ToTable("contacts_follow_up_plans");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.ResidentId);
            e.HasIndex(x => x.QueueId);
            e.HasIndex(x => x.CaseId);
            e.HasIndex(x => new { x.State, x.EndDate });
            e.Property(x => x.TemplateCode).HasMaxLength(60);
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.State).HasMaxLength(20);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<WorkQueue>().WithMany().HasForeignKey(x => x.QueueId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<FollowUpMeasurement>(e =>
        {
            e.ToTable("contacts_follow_up_measurements");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.PlanId, x.MeasuredUtc });
            e.Property(x => x.ValuesJson).HasMaxLength(1000);
            e.Property(x => x.Note).HasMaxLength(FollowUpService.MaxNoteLength);
            e.HasOne<FollowUpPlan>().WithMany().HasForeignKey(x => x.PlanId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
