using Polku.Platform.Localization;
using Polku.Region.Contracts;

namespace Polku.Contacts.Feedback;

/// <summary>The coordinator's way from <c>/admin</c> to the feedback survey's extra questions per service.</summary>
internal sealed class FeedbackAdminLinks(Texts texts) : IAdminLinks
{
    public const string Path = "/admin/feedback-questions";

    public IReadOnlyList<AdminLink> Links =>
        [new AdminLink(130, texts.All("contacts.feedback.admin.title"), texts.All("contacts.feedback.admin.hint"), Path)];
}
