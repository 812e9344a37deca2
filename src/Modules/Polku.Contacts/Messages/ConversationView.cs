using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Html;
using Polku.Contacts.Data;

namespace Polku.Contacts.Messages;

/// <summary>
/// A message thread as a conversation, oldest first and newest at the bottom, as the reader sees it: their own
/// messages on one side, the other party's on the other. Shared by the resident's thread, the professional's thread
/// and the task page (read-only there).
/// </summary>
internal sealed partial record ConversationView(
    IReadOnlyList<(Message Message, IReadOnlyList<MessageAttachment> Attachments)> Messages, SenderKind Reader)
{
    /// <summary>Whether the reader wrote this message (their side of the conversation).</summary>
    public bool IsMine(Message message) => message.SenderKind == Reader;

    /// <summary>
    /// The message text with its web addresses as links. Everything is HTML-encoded first; only http and https
    /// addresses become links, which open with no referrer and are marked as user content for search engines.
    /// </summary>
    public static IHtmlContent Body(string text)
    {
        var html = new StringBuilder();
        var at = 0;
        foreach (Match m in WebAddress().Matches(text))
        {
            // A sentence's closing punctuation is not part of the address.
            var url = m.Value.TrimEnd('.', ',', ';', ':', '!', '?', ')');
            html.Append(WebUtility.HtmlEncode(text[at..m.Index]));
            var encoded = WebUtility.HtmlEncode(url);
            html.Append("<a href=\"").Append(encoded).Append("\" rel=\"noopener noreferrer nofollow ugc\">").Append(encoded).Append("</a>");
            at = m.Index + url.Length;
        }

        html.Append(WebUtility.HtmlEncode(text[at..]));
        return new HtmlString(html.ToString());
    }

    [GeneratedRegex(@"https?://[^\s<>""]+", RegexOptions.IgnoreCase)]
    private static partial Regex WebAddress();
}
