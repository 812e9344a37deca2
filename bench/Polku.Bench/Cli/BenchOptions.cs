using System.Globalization;

namespace Polku.Bench.Cli;

/// <summary>
/// Command line: <c>&lt;command&gt; [--name value]...</c>. Each scenario reads the options it knows with
/// its own defaults; <see cref="Unused"/> reports options no scenario asked for.
/// </summary>
public sealed class BenchOptions
{
    private readonly Dictionary<string, string> values = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> read = new(StringComparer.OrdinalIgnoreCase);

    private BenchOptions(string? command) => Command = command;

    public string? Command { get; }

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions(args.Count > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : null);
        for (var i = options.Command is null ? 0 : 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length < 3)
            {
                throw new FormatException($"Unexpected argument '{arg}'. Options are written --name value.");
            }

            var name = arg[2..];
            var equals = name.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                options.values[name[..equals]] = name[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                options.values[name] = args[++i];
            }
            else
            {
                options.values[name] = "true";
            }
        }

        return options;
    }

    public TimeSpan Seconds(string name, double defaultSeconds) =>
        TimeSpan.FromSeconds(Number(name, defaultSeconds, minimum: 0));

    public int WholeNumber(string name, int defaultValue, int minimum = 1) =>
        (int)Number(name, defaultValue, minimum);

    public double Number(string name, double defaultValue, double minimum = 0)
    {
        read.Add(name);
        if (!values.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < minimum)
        {
            throw new FormatException($"--{name} must be a number >= {minimum.ToString(CultureInfo.InvariantCulture)}, got '{text}'.");
        }

        return value;
    }

    /// <summary>A word chosen from <paramref name="allowed"/> (case-insensitive), e.g. <c>--pick random</c>.</summary>
    public string Choice(string name, string defaultValue, IReadOnlyList<string> allowed)
    {
        read.Add(name);
        if (!values.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        return allowed.FirstOrDefault(a => string.Equals(a, text, StringComparison.OrdinalIgnoreCase))
            ?? throw new FormatException($"--{name} must be one of {string.Join(", ", allowed)}, got '{text}'.");
    }

    /// <summary>A comma-separated list of integers, e.g. <c>--rows 100,20000</c>.</summary>
    public IReadOnlyList<int> WholeNumberList(string name, IReadOnlyList<int> defaultValue)
    {
        read.Add(name);
        if (!values.TryGetValue(name, out var text))
        {
            return defaultValue;
        }

        var list = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < 1)
            {
                throw new FormatException($"--{name} must be a comma-separated list of positive integers, got '{text}'.");
            }

            list.Add(value);
        }

        return list.Count > 0 ? list : defaultValue;
    }

    /// <summary>Options given on the command line that no scenario has read.</summary>
    public IEnumerable<string> Unused() => values.Keys.Where(k => !read.Contains(k));
}
