using Polku.Assessments.Contracts;

namespace Polku.Contacts.Contracts;

/// <summary>
/// The urgency classes a desk task carries — P1, P2, P3 and P4, one response target of its queue each — and, in this
/// one place, how work of any other class becomes a task (ADR 0009).
/// </summary>
public static class TaskUrgency
{
    /// <summary>The classes a task carries, from the most urgent to the least.</summary>
    public static IReadOnlyList<Urgency> Classes { get; } = [Urgency.P1, Urgency.P2, Urgency.P3, Urgency.P4];

    /// <summary>Whether a task may carry the class as it is (P1–P4).</summary>
    public static bool IsTaskClass(this Urgency urgency) => urgency is Urgency.P1 or Urgency.P2 or Urgency.P3 or Urgency.P4;

    /// <summary>
    /// The task class for work of <paramref name="urgency"/>. Nothing is refused and nothing becomes less urgent than
    /// its class asks:
    /// <list type="bullet">
    /// <item><c>P0</c> (emergency now; the resident has been told to call 112) → <c>P1</c>, the desk's most urgent class;</item>
    /// <item><c>P1</c>–<c>P4</c> → the same class;</item>
    /// <item><c>L2</c> (within one to two weeks, care guarantee) → <c>P4</c>, the queue's slowest target;</item>
    /// <item><c>S</c> (self-care, sent on the resident's own wish) → <c>P4</c>.</item>
    /// </list>
    /// A value that is not an urgency class at all throws: it is a programming error, not input.
    /// </summary>
    public static Urgency For(Urgency urgency) => urgency switch
    {
        Urgency.P0 or Urgency.P1 => Urgency.P1,
        Urgency.P2 => Urgency.P2,
        Urgency.P3 => Urgency.P3,
        Urgency.P4 or Urgency.L2 or Urgency.S => Urgency.P4,
        _ => throw new ArgumentOutOfRangeException(nameof(urgency), urgency, "Not an urgency class."),
    };
}
