using Polku.Contacts.Contracts;
using Polku.Region.Contracts;

namespace Polku.Contacts.Chat;

/// <summary>The service directory's "Start" for chat: the chat page, the bot first.</summary>
internal sealed class ChatChannelLinks : IBuiltInChannelLinks
{
    public string? LinkFor(string channelKind, string serviceCode, string? municipalityCode) =>
        channelKind == "Chat" ? ContactsRoutes.ChatIn(municipalityCode) : null;
}
