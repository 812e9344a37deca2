using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;

namespace Polku.Contacts.Chat;

/// <summary>
/// Where a chat is: with the bot, waiting in a queue for a professional, with a professional, ended, or abandoned by a
/// resident who left while waiting.
/// </summary>
public enum ChatState
{
    Bot,
    Queued,
    Active,
    Ended,
    Abandoned,
}

/// <summary>Who wrote a chat message. <c>System</c> messages are events (joined, transferred …) shown in the reader's language.</summary>
public enum ChatSender
{
    Resident,
    Bot,
    Staff,
    System,
}

/// <summary>A professional's chat staffing: whether they take chats now and how many at once.</summary>
internal sealed class ChatStaffing
{
    public Guid StaffId { get; set; }
    public bool Available { get; set; }
    public int MaxConcurrent { get; set; }
    public DateTime UpdatedUtc { get; set; }
}

/// <summary>
/// One chat conversation. An anonymous resident's only key to it is the token (kept here as a SHA-256 hash); an
/// identified resident's is also their person id. From the handover on, the chat is a task on a case, so the desk's
/// claim, transfer and completion apply to it.
/// </summary>
internal sealed class ChatSession
{
    public Guid Id { get; set; }
    public string TokenHash { get; set; } = "";
    public string Language { get; set; } = "fi";
    public string? MunicipalityCode { get; set; }
    public Guid? ResidentId { get; set; }
    public ChatState State { get; set; }
    public Guid? QueueId { get; set; }
    public Guid? CaseId { get; set; }
    public Guid? TaskId { get; set; }
    public Guid? AssigneeId { get; set; }
    public string? AssigneeName { get; set; }

    /// <summary>The chat waits in an identified queue for the resident to sign in.</summary>
    public bool NeedsIdentification { get; set; }

    /// <summary>The sequence number of the last message: a message's event id, assigned under the session's row lock.</summary>
    public int LastSeq { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? QueuedUtc { get; set; }
    public DateTime? StartedUtc { get; set; }
    public DateTime? EndedUtc { get; set; }

    /// <summary>When the resident last sent, opened the chat page or held its event stream open.</summary>
    public DateTime? ResidentSeenUtc { get; set; }
    public string? Outcome { get; set; }
    public int Version { get; set; }

    public bool IsOpen => State is ChatState.Bot or ChatState.Queued or ChatState.Active;
}

/// <summary>One message of a chat; <see cref="Seq"/> is its event id on the session's stream.</summary>
internal sealed class ChatMessage
{
    public Guid Id { get; set; }
    public Guid SessionId { get; set; }
    public int Seq { get; set; }
    public ChatSender Sender { get; set; }
    public Guid? SenderId { get; set; }
    public string? SenderName { get; set; }

    /// <summary>The bot's FAQ entry or answer kind, or the system event (<c>joined</c>, <c>transferred</c> …).</summary>
    public string? Code { get; set; }
    public string Body { get; set; } = "";

    /// <summary>The bot's links as JSON (<see cref="ChatLink"/>s), in the session's language.</summary>
    public string? Links { get; set; }

    /// <summary>The sender's own id for the message: a retry with the same key is the same message.</summary>
    public string? ClientKey { get; set; }
    public DateTime CreatedUtc { get; set; }
}

/// <summary>One published version of the county's chatbot FAQ (JSON); the highest version is in use.</summary>
internal sealed class ChatFaqVersion
{
    public Guid Id { get; set; }
    public int Version { get; set; }
    public string Content { get; set; } = "";
    public string? Note { get; set; }
    public DateTime CreatedUtc { get; set; }
    public Guid? CreatedBy { get; set; }
    public string? CreatedByName { get; set; }
}

internal static class ChatModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<ChatStaffing>(e =>
        {
            e.ToTable("contacts_chat_staffing");
            e.HasKey(x => x.StaffId);
        });
        b.Entity<ChatSession>(e =>
        {
            e.ToTable("contacts_chat_sessions");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.IsOpen);
            e.Property(x => x.TokenHash).HasMaxLength(64);
            e.Property(x => x.Language).HasMaxLength(2);
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.State).HasMaxLength(20);
            e.Property(x => x.AssigneeName).HasMaxLength(200);
            e.Property(x => x.Outcome).HasMaxLength(60);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => new { x.QueueId, x.State });
            e.HasIndex(x => x.CaseId);
            e.HasIndex(x => x.ResidentId);
            e.HasIndex(x => new { x.AssigneeId, x.State });
            e.HasIndex(x => x.TaskId);
            e.HasOne<WorkQueue>().WithMany().HasForeignKey(x => x.QueueId).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Case>().WithMany().HasForeignKey(x => x.CaseId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<ChatMessage>(e =>
        {
            e.ToTable("contacts_chat_messages");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.SessionId, x.Seq }).IsUnique();
            e.HasIndex(x => new { x.SessionId, x.ClientKey }).IsUnique();
            e.Property(x => x.Sender).HasMaxLength(20);
            e.Property(x => x.SenderName).HasMaxLength(200);
            e.Property(x => x.Code).HasMaxLength(80);
            e.Property(x => x.Body).HasMaxLength(4000);
            e.Property(x => x.Links).HasMaxLength(4000);
            e.Property(x => x.ClientKey).HasMaxLength(64);
            e.HasOne<ChatSession>().WithMany().HasForeignKey(x => x.SessionId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<ChatFaqVersion>(e =>
        {
            e.ToTable("contacts_chat_faq_versions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Version).IsUnique();
            e.Property(x => x.Note).HasMaxLength(500);
            e.Property(x => x.CreatedByName).HasMaxLength(200);
        });
    }
}
