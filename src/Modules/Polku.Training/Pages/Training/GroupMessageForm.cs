using Microsoft.AspNetCore.Mvc.ModelBinding;
using Polku.Platform.Localization;
using Polku.Training.Data;
using Polku.Training.Messages;

namespace Polku.Training.Pages.Training;

/// <summary>The fields of the group message form, bound as <c>Message.*</c> on the coordinator's and the trainer's page.</summary>
internal sealed class GroupMessageInput
{
    public string Audience { get; set; } = GroupAudiences.Enrolled;
    public string? Subject { get; set; }
    public string? Body { get; set; }

    /// <summary>The form's one-time key, made when the form is shown; the same form posted twice sends once.</summary>
    public Guid FormKey { get; set; }

    public GroupMessageDraft Draft() => new(Audience ?? "", Subject ?? "", Body ?? "", FormKey);
}

/// <summary>What the group message partial shows: the form, the group's counts, the messages sent and the one just sent.</summary>
internal sealed record GroupMessagePanel(Guid GroupId, GroupMessageInput Input, int Enrolled, int Waiting, IReadOnlyList<GroupMessage> History, Guid? SentId, string? Handler);

/// <summary>The same sending for both pages: errors go next to their fields and keep what was typed.</summary>
internal static class GroupMessagePages
{
    public const string Prefix = "Message";

    public static async Task<Platform.Results.Result<GroupMessageSent>> SendAsync(GroupMessaging messaging, Guid groupId, GroupMessageInput input,
        System.Security.Claims.ClaimsPrincipal user, ModelStateDictionary state, Texts texts, CancellationToken ct)
    {
        // Nothing but these four fields is bound; a value that did not bind (a form key that is not a key) is a form to reload.
        state.Clear();
        if (GroupMessaging.Check(input.Draft()) is { Count: > 0 } problems)
        {
            // Every problem at once, each next to its field.
            foreach (var problem in problems)
            {
                state.AddModelError(problem.Field is { } f and not "FormKey" ? Prefix + "." + f : "", texts[problem.Code]);
            }

            if (input.FormKey == Guid.Empty)
            {
                input.FormKey = Guid.NewGuid();
            }

            return problems[0];
        }

        var me = Platform.Security.CurrentUser.PersonId(user) ?? Guid.Empty;
        var result = await messaging.SendAsync(groupId, input.Draft(), me, Platform.Security.CurrentUser.DisplayName(user), ct);
        if (result.Error is { } error)
        {
            state.AddModelError(error.Field is { } f and not "FormKey" ? Prefix + "." + f : "", texts[error.Code]);
            if (input.FormKey == Guid.Empty)
            {
                input.FormKey = Guid.NewGuid();
            }
        }

        return result;
    }
}
