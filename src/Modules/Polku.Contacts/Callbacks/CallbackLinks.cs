using Polku.Contacts.Contracts;
using Polku.Region.Contracts;

namespace Polku.Contacts.Callbacks;

/// <summary>The built-in call-back channel starts at the resident's request form.</summary>
internal sealed class CallbackLinks : IBuiltInChannelLinks
{
    public string? LinkFor(string channelKind, string serviceCode, string? municipalityCode) =>
        string.Equals(channelKind, "Callback", StringComparison.OrdinalIgnoreCase) && CallbackRules.IsServiceCode(serviceCode)
            ? ContactsRoutes.NewCallback(serviceCode)
            : null;
}
