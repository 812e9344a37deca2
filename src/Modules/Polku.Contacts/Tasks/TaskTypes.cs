using Polku.Contacts.Data;
using Polku.Contacts.Domain;

namespace Polku.Contacts.Tasks;

/// <summary>Stable codes of task types, used in URLs, APIs, texts and service events.</summary>
internal static class TaskTypes
{
    public static string Code(TaskType type) => type switch
    {
        TaskType.AssessmentResult => "assessment-result",
        TaskType.Form => "form",
        TaskType.Message => "message",
        TaskType.Callback => "callback",
        TaskType.Chat => "chat",
        TaskType.FollowUpAlert => "follow-up-alert",
        _ => "invitation-to-book",
    };

    public static string Code(TaskState state) => state switch
    {
        TaskState.New => "new",
        TaskState.Claimed => "claimed",
        TaskState.WaitingForResident => "waiting-for-resident",
        _ => "done",
    };

    public static DueState Due(WorkTask task, DateTime nowUtc) =>
        task.State == TaskState.Done ? DueState.OnTime : DueTime.State(task.DueUtc, nowUtc, QueueWork.DueSoonWindow);
}
