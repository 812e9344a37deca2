namespace Polku.Assessments.Domain;

/// <summary>
/// Kiireellisyysluokka — urgency class of a recommendation (spec 02). Declared from the most urgent
/// to the least, so a smaller value is more urgent.
/// </summary>
public enum Urgency
{
    /// <summary>Emergency now: call 112.</summary>
    P0 = 0,

    /// <summary>Emergency care without delay.</summary>
    P1 = 1,

    /// <summary>Today.</summary>
    P2 = 2,

    /// <summary>Within one day.</summary>
    P3 = 3,

    /// <summary>Within two to three days.</summary>
    P4 = 4,

    /// <summary>Within one to two weeks (care guarantee).</summary>
    L2 = 5,

    /// <summary>Self-care.</summary>
    S = 6,
}

/// <summary>Helpers for urgency classes.</summary>
public static class UrgencyClasses
{
    /// <summary>The classes that local routing must cover (every class but self-care).</summary>
    public static IReadOnlyList<Urgency> Routed { get; } = [Urgency.P0, Urgency.P1, Urgency.P2, Urgency.P3, Urgency.P4, Urgency.L2];

    /// <summary>Whether <paramref name="a"/> is more urgent than <paramref name="b"/>.</summary>
    public static bool MoreUrgentThan(this Urgency a, Urgency b) => a < b;

    /// <summary>Parses "P0" … "S" exactly; null for anything else.</summary>
    public static Urgency? Parse(string? code) => code switch
    {
        "P0" => Urgency.P0,
        "P1" => Urgency.P1,
        "P2" => Urgency.P2,
        "P3" => Urgency.P3,
        "P4" => Urgency.P4,
        "L2" => Urgency.L2,
        "S" => Urgency.S,
        _ => null,
    };
}
