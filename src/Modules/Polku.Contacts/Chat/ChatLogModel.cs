namespace Polku.Contacts.Chat;

/// <summary>A transcript as the chat log partial shows it, to the resident or to a professional.</summary>
internal sealed record ChatLogModel(IReadOnlyList<ChatMessageView> Messages, bool ForStaff);
