namespace Polku.Assessments.Contracts;

/// <summary>
/// Kiireellisyysluokka — the urgency class of spec 02, the one type every module uses for it (ADR 0009): an
/// assessment's recommendation, a routing row, a desk task (which carries P1–P4 only, see
/// <c>Polku.Contacts.Contracts.TaskUrgency</c>), a booking right. Declared from the most urgent to the least, so a
/// smaller value is more urgent.
/// </summary>
/// <remarks>
/// Stored and sent as its code, the member's name (<see cref="UrgencyClasses.Code"/>: <c>"P0"</c> … <c>"S"</c>), never as
/// its number: the database convention stores enums as strings and the JSON APIs write the code. Renaming a member
/// changes stored data; reordering or inserting one does not.
/// </remarks>
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

/// <summary>Parsing, formatting and ordering of urgency classes.</summary>
public static class UrgencyClasses
{
    /// <summary>Every class, from the most urgent to the least.</summary>
    public static IReadOnlyList<Urgency> All { get; } = [Urgency.P0, Urgency.P1, Urgency.P2, Urgency.P3, Urgency.P4, Urgency.L2, Urgency.S];

    /// <summary>The classes that local routing must cover (every class but self-care).</summary>
    public static IReadOnlyList<Urgency> Routed { get; } = [Urgency.P0, Urgency.P1, Urgency.P2, Urgency.P3, Urgency.P4, Urgency.L2];

    /// <summary>Whether <paramref name="a"/> is more urgent than <paramref name="b"/>.</summary>
    public static bool MoreUrgentThan(this Urgency a, Urgency b) => a < b;

    /// <summary>Parses "P0" … "S" exactly (case-sensitive, no numbers); null for anything else.</summary>
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

    /// <summary>The class's code ("P0" … "S"), as stored and as the APIs write it; the inverse of <see cref="Parse"/>.</summary>
    public static string Code(this Urgency urgency) => urgency switch
    {
        Urgency.P0 => "P0",
        Urgency.P1 => "P1",
        Urgency.P2 => "P2",
        Urgency.P3 => "P3",
        Urgency.P4 => "P4",
        Urgency.L2 => "L2",
        Urgency.S => "S",
        _ => throw new ArgumentOutOfRangeException(nameof(urgency), urgency, "Not an urgency class."),
    };
}
