using Polku.Contacts.Contracts;
using Polku.Region.Contracts;

namespace Polku.Contacts.Messages;

/// <summary>The service directory's "Start" for secure messages: the resident's new message form for the service.</summary>
internal sealed class MessageChannelLinks : IBuiltInChannelLinks
{
    public string? LinkFor(string channelKind, string serviceCode, string? municipalityCode) =>
        channelKind == "SecureMessage" ? ContactsRoutes.NewMessage(serviceCode) : null;
}
