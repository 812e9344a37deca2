using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Chat;

/// <summary>A chat message as a reader sees it: system events in the reader's language, everything else as written.</summary>
internal sealed record ChatMessageView(int Id, string Sender, string? SenderName, string Text, string? Code, IReadOnlyList<ChatLink> Links, DateTime AtUtc);

/// <summary>Where the chat is, for the resident's and the professional's screens.</summary>
internal sealed record ChatStateView(
    string State, string? Queue, string? QueueName, int? Position, int? EstimatedWaitMinutes, bool NeedsIdentification, string? With, bool Identified);

/// <summary>Renders chat messages and state for one reader: system messages name queues and people in the reader's language.</summary>
internal sealed class ChatView(PolkuDb db, ChatQueues queues, Texts texts)
{
    private Dictionary<string, LocalizedText>? _queueNames;

    public async Task<IReadOnlyList<ChatMessageView>> RenderAsync(IReadOnlyList<ChatMessage> messages, string language, CancellationToken ct)
    {
        var list = new List<ChatMessageView>(messages.Count);
        foreach (var m in messages)
        {
            list.Add(await RenderAsync(m, language, ct));
        }

        return list;
    }

    public async Task<ChatMessageView> RenderAsync(ChatMessage m, string language, CancellationToken ct)
    {
        var text = m.Sender == ChatSender.System ? texts.Get(language, "contacts.chat.system." + m.Code) : m.Body;
        if (m.Sender == ChatSender.System && text.Contains("{0}", StringComparison.Ordinal))
        {
            var arg = m.Code is "queued" or "transferred" or "sign-in" ? (await QueueNameAsync(m.Body, language, ct)) : m.Body;
            text = string.Format(System.Globalization.CultureInfo.InvariantCulture, text, arg);
        }

        return new ChatMessageView(m.Seq, m.Sender.ToString().ToLowerInvariant(), m.SenderName, text, m.Code, ChatService.LinksOf(m), m.CreatedUtc);
    }

    public async Task<string> QueueNameAsync(string code, string language, CancellationToken ct)
    {
        _queueNames ??= await db.Set<WorkQueue>().AsNoTracking().Where(q => q.Channel == QueueChannels.Chat)
            .ToDictionaryAsync(q => q.Code, q => q.Name, StringComparer.Ordinal, ct);
        return _queueNames.TryGetValue(code, out var name) ? name.Get(language) : texts.Get(language, "contacts.chat.queue_unknown_name");
    }

    public async Task<ChatStateView> StateAsync(ChatSession session, string language, CancellationToken ct)
    {
        WorkQueue? queue = session.QueueId is { } q ? await queues.ByIdAsync(q, ct) : null;
        int? position = null;
        int? wait = null;
        if (session.State == ChatState.Queued && queue is not null)
        {
            position = await queues.PositionAsync(session, ct);
            wait = await queues.EstimateAsync(queue.Id, position.Value, await queues.AvailableMembersAsync(queue.Id, ct), ct);
        }

        return new ChatStateView(session.State.ToString().ToLowerInvariant(), queue?.Code, queue?.Name.Get(language), position, wait,
            session.NeedsIdentification, session.State == ChatState.Active ? session.AssigneeName : null, session.ResidentId is not null);
    }
}
