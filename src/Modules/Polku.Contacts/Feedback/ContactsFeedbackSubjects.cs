using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Chat;
using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Feedback;

/// <summary>A chat that has ended: its resident, or the browser holding its token (an anonymous chat).</summary>
internal sealed class ChatFeedbackSubjects(PolkuDb db, ChatService chats) : IFeedbackSubjects
{
    public string Kind => "chat";

    public async Task<FeedbackSubject?> FindAsync(Guid id, FeedbackCaller caller, CancellationToken cancellationToken = default)
    {
        if (await chats.AccessAsync(id, caller.ChatToken, caller.ResidentId, null, cancellationToken) is not { AsStaff: false } access
            || access.Session.State != ChatState.Ended)
        {
            return null;
        }

        var s = access.Session;
        var queue = s.QueueId is { } q ? await db.Set<WorkQueue>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == q, cancellationToken) : null;
        return new FeedbackSubject(Kind, s.Id, s.ResidentId, queue?.ServiceCode, "contact", "chat", s.MunicipalityCode, queue?.UnitId);
    }
}

/// <summary>A message thread of the resident (or of a ward they act for) that a professional has answered.</summary>
internal sealed class MessageFeedbackSubjects(PolkuDb db) : IFeedbackSubjects
{
    public string Kind => "message";

    public async Task<FeedbackSubject?> FindAsync(Guid id, FeedbackCaller caller, CancellationToken cancellationToken = default)
    {
        if (caller.ResidentId is not { } resident)
        {
            return null;
        }

        var thread = await db.Set<MessageThread>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id && t.ResidentId == resident, cancellationToken);
        if (thread is null || !await db.Set<Message>().AnyAsync(m => m.ThreadId == id && m.SenderKind == SenderKind.Staff, cancellationToken))
        {
            return null;
        }

        var c = await db.Set<Case>().AsNoTracking().FirstAsync(x => x.Id == thread.CaseId, cancellationToken);
        var unitId = await db.Set<WorkQueue>().Where(q => q.Id == thread.QueueId).Select(q => q.UnitId).FirstOrDefaultAsync(cancellationToken);
        return new FeedbackSubject(Kind, id, resident, c.ServiceCode, "contact", "message", c.MunicipalityCode, unitId);
    }
}
