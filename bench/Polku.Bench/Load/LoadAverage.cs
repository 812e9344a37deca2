namespace Polku.Bench.Load;

/// <summary>The 1/5/15-minute load average from /proc/loadavg, or "n/a": the app, PostgreSQL and the load generator share the machine.</summary>
public static class LoadAverage
{
    public static string Read()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}
