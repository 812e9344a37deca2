using System.Collections.Concurrent;

namespace Polku.Bench.Load;

/// <summary>Thread-safe counts of request outcomes, plus a few error samples for diagnostics.</summary>
public sealed class OutcomeCounters
{
    private const int MaxErrorSamples = 5;
    private readonly ConcurrentQueue<string> errorSamples = new();
    private long succeeded;
    private long rejected;
    private long errors;

    public long Succeeded => Interlocked.Read(ref succeeded);

    public long Rejected => Interlocked.Read(ref rejected);

    public long Errors => Interlocked.Read(ref errors);

    public IReadOnlyList<string> ErrorSamples => [.. errorSamples];

    public void Add(RequestOutcome outcome)
    {
        switch (outcome)
        {
            case RequestOutcome.Success:
                Interlocked.Increment(ref succeeded);
                break;
            case RequestOutcome.Rejected:
                Interlocked.Increment(ref rejected);
                break;
            default:
                Interlocked.Increment(ref errors);
                break;
        }
    }

    public void AddErrorSample(string message)
    {
        if (errorSamples.Count < MaxErrorSamples)
        {
            errorSamples.Enqueue(message);
        }
    }
}
