using Polku.Contacts.Data;

namespace Polku.Contacts.Domain;

/// <summary>
/// Which of a unit's queues takes a piece of work, decided by the queues' data — never by their codes, which a county
/// chooses freely. Only open queues of the channel take work; among them a queue for the work's service comes before a
/// queue of no particular service, which comes before a queue of another service, and likewise for the municipality.
/// Ties go to the lowest code, so the choice is stable.
/// </summary>
public static class QueueMatch
{
    internal static WorkQueue? Best(IEnumerable<WorkQueue> candidates, string channel, string? serviceCode, string? municipalityCode) =>
        candidates
            .Where(q => q.IsOpen && q.Channel == channel)
            .OrderBy(q => Rank(q.ServiceCode, serviceCode))
            .ThenBy(q => Rank(q.MunicipalityCode, municipalityCode))
            .ThenBy(q => q.Code, StringComparer.Ordinal)
            .FirstOrDefault();

    /// <summary>0 when the queue is for exactly this value, 1 when it names none, 2 when it names another.</summary>
    private static int Rank(string? queueValue, string? workValue) =>
        queueValue is null ? 1 : workValue is not null && string.Equals(queueValue, workValue, StringComparison.Ordinal) ? 0 : 2;
}
