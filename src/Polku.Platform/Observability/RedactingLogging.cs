using System.Collections;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Polku.Platform.Observability;

/// <summary>
/// Wraps the application's <see cref="ILoggerFactory"/> so that every logger removes personal identity codes from
/// the message, from each structured value, from the exception text and from scopes before any provider (console in
/// any format, debug, event source, an exporter) sees the entry. Sitting in front of the factory, not in a provider,
/// it covers providers added later and keeps per-provider filtering by type working.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();
}

internal sealed class RedactingLogger(ILogger inner) : ILogger
{
    private const string OriginalFormat = "{OriginalFormat}";

    public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

    // Scopes are pushed on every request; they are redacted lazily, only if a provider actually writes them.
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull =>
        state is IReadOnlyList<KeyValuePair<string, object?>> pairs
            ? inner.BeginScope(new RedactedScopeValues(pairs))
            : inner.BeginScope(new RedactedScopeText(state));

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!inner.IsEnabled(logLevel))
        {
            return;
        }

        // Formatted once here; the provider gets the result, so redaction does not add a second formatting.
        var message = formatter(state, exception);
        var safeException = exception is not null && IdentityCodeRedactor.Contains(exception.ToString()) ? new RedactedException(exception) : exception;
        var pairs = state as IReadOnlyList<KeyValuePair<string, object?>>;
        IReadOnlyList<KeyValuePair<string, object?>> values;
        if (IdentityCodeRedactor.Contains(message) || (pairs is not null && AnyCode(pairs)))
        {
            message = IdentityCodeRedactor.Redact(message);
            values = pairs is null
                ? [new KeyValuePair<string, object?>(OriginalFormat, message)]
                : pairs.Select(p => new KeyValuePair<string, object?>(p.Key, RedactValue(p.Value))).ToArray();
        }
        else
        {
            values = pairs ?? [new KeyValuePair<string, object?>(OriginalFormat, message)];
        }

        inner.Log(logLevel, eventId, new RedactedState(message, values), safeException, static (s, _) => s.Message);
    }

    private static bool AnyCode(IReadOnlyList<KeyValuePair<string, object?>> pairs)
    {
        for (var i = 0; i < pairs.Count; i++)
        {
            if (Text(pairs[i].Value) is { } text && IdentityCodeRedactor.Contains(text))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A value with codes removed; values that cannot hold a code (numbers, ids, times) keep their type.</summary>
    internal static object? RedactValue(object? value) =>
        Text(value) is { } text && IdentityCodeRedactor.Contains(text) ? IdentityCodeRedactor.Redact(text) : value;

    /// <summary>The text a formatter would write for a value, or null for types that cannot contain a code.</summary>
    private static string? Text(object? value) => value switch
    {
        null or bool or char or byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal
            or Guid or DateTime or DateTimeOffset or TimeSpan or DateOnly or TimeOnly or Enum => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items => string.Join(", ", items.Cast<object?>().Select(i => Convert.ToString(i, CultureInfo.InvariantCulture))),
        _ => value.ToString(),
    };

    /// <summary>A checked log entry: its message (formatted once) and its values; formatters read it as structured state.</summary>
    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public int Count => values.Count;

        public KeyValuePair<string, object?> this[int index] => values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }

    private sealed class RedactedScopeValues(IReadOnlyList<KeyValuePair<string, object?>> inner) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => inner.Count;

        public KeyValuePair<string, object?> this[int index] => new(inner[index].Key, RedactValue(inner[index].Value));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < inner.Count; i++)
            {
                yield return this[i];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => IdentityCodeRedactor.Redact(inner.ToString() ?? "");
    }

    private sealed class RedactedScopeText(object inner)
    {
        public override string ToString() => IdentityCodeRedactor.Redact(inner.ToString() ?? "");
    }
}

/// <summary>
/// Stands in for an exception whose text contains an identity code: the same type name, message and stack trace,
/// with the codes removed. Providers write <see cref="ToString"/>.
/// </summary>
internal sealed class RedactedException(Exception original) : Exception(IdentityCodeRedactor.Redact(original.Message))
{
    private readonly string _text = IdentityCodeRedactor.Redact(original.ToString());

    public string OriginalType { get; } = original.GetType().FullName ?? original.GetType().Name;

    public override string? StackTrace { get; } = original.StackTrace;

    public override string ToString() => _text;
}
