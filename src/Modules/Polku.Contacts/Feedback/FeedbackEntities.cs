using Microsoft.EntityFrameworkCore;
using Polku.Platform.Localization;

namespace Polku.Contacts.Feedback;

/// <summary>
/// Palaute — one resident's answer to the short survey after a transaction, or their skip. Never a person id: the
/// transaction, its service, stage, channel and municipality are what the control tower needs.
/// </summary>
internal sealed class FeedbackAnswer
{
    public Guid Id { get; set; }
    public string Kind { get; set; } = "";
    public Guid SubjectId { get; set; }
    public string? ServiceCode { get; set; }
    public string Stage { get; set; } = "";
    public string Channel { get; set; } = "";
    public string? MunicipalityCode { get; set; }
    public Guid? UnitId { get; set; }
    public string Language { get; set; } = "fi";

    /// <summary>NPS 0–10; null when skipped.</summary>
    public int? Score { get; set; }
    public bool Skipped { get; set; }
    public string? Text { get; set; }

    /// <summary>The extra questions' answers as JSON: question id → value.</summary>
    public string? Answers { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// <summary>An extra question the coordinator asks after transactions of one service.</summary>
internal sealed class FeedbackQuestion
{
    public Guid Id { get; set; }
    public string ServiceCode { get; set; } = "";
    public int Position { get; set; }

    /// <summary><c>scale</c> (1–5), <c>yesno</c> or <c>text</c>.</summary>
    public string Kind { get; set; } = "scale";
    public string TextFi { get; set; } = "";
    public string TextSv { get; set; } = "";
    public string TextEn { get; set; } = "";
    public bool Active { get; set; }
    public DateTime CreatedUtc { get; set; }

    public LocalizedText Text => new(TextFi, TextSv, TextEn);
}

internal static class FeedbackModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<FeedbackAnswer>(e =>
        {
            e.ToTable("contacts_feedback");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Kind, x.SubjectId }).IsUnique();
            e.HasIndex(x => new { x.ServiceCode, x.CreatedUtc });
            e.HasIndex(x => x.CreatedUtc);
            e.Property(x => x.Kind).HasMaxLength(30);
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.Stage).HasMaxLength(30);
            e.Property(x => x.Channel).HasMaxLength(30);
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.Language).HasMaxLength(2);
            e.Property(x => x.Text).HasMaxLength(2000);
            e.Property(x => x.Answers).HasMaxLength(4000);
        });
        b.Entity<FeedbackQuestion>(e =>
        {
            e.ToTable("contacts_feedback_questions");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.Text);
            e.HasIndex(x => new { x.ServiceCode, x.Position });
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.Kind).HasMaxLength(20);
            e.Property(x => x.TextFi).HasMaxLength(300);
            e.Property(x => x.TextSv).HasMaxLength(300);
            e.Property(x => x.TextEn).HasMaxLength(300);
        });
    }
}
