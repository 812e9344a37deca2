namespace Polku.Assessments.Domain.Routing;

/// <summary>How routing files write days: the names Mon…Sun and ranges from Monday towards Sunday such as "Mon-Fri".</summary>
internal static class RoutingDays
{
    private static readonly string[] Names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    private static readonly DayOfWeek[] MondayFirst =
    [
        DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday,
    ];

    /// <summary>Runs of consecutive days, Monday first: "Mon-Fri", "Sun".</summary>
    public static IEnumerable<string> Ranges(IReadOnlySet<DayOfWeek> days)
    {
        for (var i = 0; i < 7; i++)
        {
            if (!days.Contains(MondayFirst[i]))
            {
                continue;
            }

            var j = i;
            while (j + 1 < 7 && days.Contains(MondayFirst[j + 1]))
            {
                j++;
            }

            yield return i == j ? Names[i] : $"{Names[i]}-{Names[j]}";
            i = j;
        }
    }

    /// <summary>Adds the days of a day ("Sun") or a range ("Mon-Fri"); false, adding nothing, when the text is neither.</summary>
    public static bool TryAdd(string? text, ISet<DayOfWeek> days)
    {
        var parts = text?.Split('-') ?? [];
        var first = parts.Length is 1 or 2 ? Array.IndexOf(Names, parts[0]) : -1;
        var last = parts.Length == 2 ? Array.IndexOf(Names, parts[1]) : first;
        if (first < 0 || last < first)
        {
            return false;
        }

        for (var d = first; d <= last; d++)
        {
            days.Add(MondayFirst[d]);
        }

        return true;
    }
}
