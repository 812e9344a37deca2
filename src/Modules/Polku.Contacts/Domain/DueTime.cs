using Polku.Contacts.Data;
using Polku.Platform.Time;

namespace Polku.Contacts.Domain;

/// <summary>
/// When a task is due: the queue's response target for the urgency class, counted in the queue's service time —
/// closed hours, weekends and holidays do not count (a non-urgent message left on the Friday before Midsummer is due
/// well after the long weekend).
/// </summary>
public static class DueTime
{
    public static DateTimeOffset Compute(DateTimeOffset created, int targetMinutes, OpeningHours? serviceHours)
    {
        var target = TimeSpan.FromMinutes(Math.Max(0, targetMinutes));
        if (serviceHours is null)
        {
            return created + target;
        }

        // A queue whose hours never open again within the search window falls back to calendar time rather than
        // leaving a task without a due time.
        return serviceHours.AddServiceTime(created, target) ?? created + target;
    }

    /// <summary>Overdue, due within the warning window, or on time.</summary>
    public static DueState State(DateTime dueUtc, DateTime nowUtc, TimeSpan dueSoonWindow) =>
        dueUtc <= nowUtc ? DueState.Overdue : dueUtc - nowUtc <= dueSoonWindow ? DueState.DueSoon : DueState.OnTime;
}

public enum DueState
{
    OnTime,
    DueSoon,
    Overdue,
}
