namespace Polku.Bench.Load;

/// <summary>The harness only ever generates load against this machine.</summary>
public static class LoopbackGuard
{
    public static void EnsureLoopback(Uri address)
    {
        if (!address.IsAbsoluteUri || !address.IsLoopback)
        {
            throw new InvalidOperationException($"Refusing to target '{address}': only loopback addresses may be benchmarked.");
        }
    }
}
