using Polku.Platform.Localization;
using Polku.Region.Contracts;

namespace Polku.Contacts.Chat;

/// <summary>The coordinator's way from <c>/admin</c> to the chatbot's questions and answers.</summary>
internal sealed class ChatAdminLinks(Texts texts) : IAdminLinks
{
    public const string Path = "/admin/chat-faq";

    public IReadOnlyList<AdminLink> Links =>
        [new AdminLink(120, texts.All("contacts.chat.faq.title"), texts.All("contacts.chat.faq.admin_hint"), Path)];
}
