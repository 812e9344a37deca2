using System.Globalization;

namespace Polku.Bench.Hosting;

/// <summary>
/// A process's memory from <c>/proc/&lt;pid&gt;/status</c> (Linux): <c>VmRSS</c>, the resident set now, and <c>VmHWM</c>,
/// the peak resident set since the process started. Zero where /proc is not available.
/// </summary>
public readonly record struct ProcessMemory(double RssMegabytes, double PeakRssMegabytes)
{
    public static ProcessMemory Of(int processId)
    {
        try
        {
            var path = $"/proc/{processId.ToString(CultureInfo.InvariantCulture)}/status";
            if (!File.Exists(path))
            {
                return default;
            }

            double rss = 0;
            double hwm = 0;
            foreach (var line in File.ReadLines(path))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line) / 1024.0;
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kilobytes(line) / 1024.0;
                }
            }

            return new ProcessMemory(rss, hwm);
        }
        catch (IOException)
        {
            return default; // the process exited between the check and the read
        }
    }

    public static ProcessMemory OfCurrentProcess() => Of(Environment.ProcessId);

    /// <summary>"VmRSS:     123456 kB" → 123456.</summary>
    private static double Kilobytes(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && double.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }
}
