using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Polku.Platform.Observability;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>
/// No personal identity code reaches a log: not in the message, a structured value, an exception or a scope, in any
/// format. The JSON output is produced by the real JSON console formatter of the running application.
/// </summary>
public sealed class LogRedactionTests
{
    // Valid codes with the century signs -, Y (2023), A, B (2023), + and F (2023).
    private static readonly string[] Codes = ["131052-308T", "010594Y9032", "020300A983D", "150322B123R", "010181+900C", "311205F271P"];

    [Theory]
    [InlineData("131052-308T")]
    [InlineData("010181+900C")]
    [InlineData("241299U124P")]
    [InlineData("010594Y9032")]
    [InlineData("070707X0707")]
    [InlineData("080808W0808")]
    [InlineData("090909V0909")]
    [InlineData("020300A983D")]
    [InlineData("150322B123R")]
    [InlineData("101010C101B")]
    [InlineData("111111D111C")]
    [InlineData("121212E121D")]
    [InlineData("311205F271P")]
    [InlineData("131052-308t")]
    public void Every_century_sign_is_recognised(string code)
    {
        Assert.Equal($"henkilö {IdentityCodeRedactor.Replacement}, ok", IdentityCodeRedactor.Redact($"henkilö {code}, ok"));
        Assert.Equal(IdentityCodeRedactor.Replacement, IdentityCodeRedactor.Redact(code));
        Assert.Equal($"({IdentityCodeRedactor.Replacement})", IdentityCodeRedactor.Redact($"({code})"));
    }

    [Fact]
    public void Several_codes_in_one_text_are_all_removed() =>
        Assert.Equal("a [hetu-redacted],[hetu-redacted]. b [hetu-redacted]",
            IdentityCodeRedactor.Redact("a 131052-308T,010594Y9032. b 020300a983d"));

    [Theory]
    [InlineData("00131052-3081-4c8e-9a7d-0d4c9a1e3f2b")]
    [InlineData("x131052-308T")]
    [InlineData("131052-308TX")]
    [InlineData("9131052-308T")]
    [InlineData("321052-308T")]
    [InlineData("131352-308T")]
    [InlineData("131052G308T")]
    [InlineData("2026-12-01T10:00:00+02:00")]
    [InlineData("0b6f2f9e-1c7d-4a55-8f51-2c9f0e6d7a10")]
    public void Other_text_is_left_alone(string text) => Assert.Equal(text, IdentityCodeRedactor.Redact(text));

    [Fact]
    public async Task Codes_are_removed_from_messages_values_exceptions_and_scopes_before_the_json_formatter_writes()
    {
        await using var app = new PolkuAppFactory();
        var output = new StringWriter();
        var formatter = app.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json);
        var factory = app.Services.GetRequiredService<ILoggerFactory>();
        factory.AddProvider(new FormatterProvider(formatter, output));
        var logger = factory.CreateLogger("Polku.Tests.Redaction");

        using (logger.BeginScope("Handling {Person}", Codes[4]))
        {
            logger.LogError("Resident 131052-308T asked about {Topic}", "opening hours");
            logger.LogError("Lookup of {Hetu} for {Count} wards failed", Codes[1], 2);
            logger.LogError(new InvalidOperationException($"No person with code {Codes[2]}", new FormatException($"bad {Codes[5]}")), "Import of row {Row} failed", 7);
            logger.LogError("Codes in a list: {Codes}", (object)new[] { Codes[3], "ok" });
            logger.LogError("Nothing personal here, {Count} items", 3);
        }

        var text = output.ToString();
        foreach (var code in Codes)
        {
            Assert.DoesNotContain(code, text, StringComparison.OrdinalIgnoreCase);
        }

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(5, lines.Count);
        var r = IdentityCodeRedactor.Replacement;

        Assert.Equal($"Resident {r} asked about opening hours", lines[0].GetProperty("Message").GetString());
        Assert.Equal("opening hours", lines[0].GetProperty("State").GetProperty("Topic").GetString());
        Assert.Contains(r, lines[0].GetProperty("State").GetProperty("{OriginalFormat}").GetString(), StringComparison.Ordinal);

        Assert.Equal($"Lookup of {r} for 2 wards failed", lines[1].GetProperty("Message").GetString());
        Assert.Equal(r, lines[1].GetProperty("State").GetProperty("Hetu").GetString());
        Assert.Equal(2, lines[1].GetProperty("State").GetProperty("Count").GetInt32());

        var exception = lines[2].GetProperty("Exception").GetString()!;
        Assert.Contains($"System.InvalidOperationException: No person with code {r}", exception, StringComparison.Ordinal);
        Assert.Contains($"bad {r}", exception, StringComparison.Ordinal);

        Assert.Equal($"Codes in a list: {r}, ok", lines[3].GetProperty("Message").GetString());

        // Untouched entries keep their original structure.
        Assert.Equal("Nothing personal here, 3 items", lines[4].GetProperty("Message").GetString());
        Assert.Equal(3, lines[4].GetProperty("State").GetProperty("Count").GetInt32());

        foreach (var line in lines)
        {
            var scopes = line.GetProperty("Scopes").EnumerateArray().Select(s => s.ToString()).ToList();
            Assert.Contains(scopes, s => s.Contains($"Handling {r}", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Logging_Format_json_selects_the_json_console_formatter()
    {
        await using var root = new PolkuAppFactory();
        await using var json = root.WithWebHostBuilder(b => b.UseSetting("Logging:Format", "json"));
        Assert.Equal(ConsoleFormatterNames.Json, json.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        Assert.NotEqual(ConsoleFormatterNames.Json, root.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
    }

    [Fact]
    public async Task Production_logs_json_by_default()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.AddPolkuObservability();
        await using var app = builder.Build();
        Assert.Equal(ConsoleFormatterNames.Json, app.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName);
        Assert.IsType<RedactingLoggerFactory>(app.Services.GetRequiredService<ILoggerFactory>());
    }

    /// <summary>Writes every entry through a console formatter into a text writer, with the factory's scopes.</summary>
    private sealed class FormatterProvider(ConsoleFormatter formatter, TextWriter output) : ILoggerProvider, ISupportExternalScope
    {
        private readonly Lock _gate = new();
        private IExternalScopeProvider? _scopes;

        public ILogger CreateLogger(string categoryName) => new FormatterLogger(this, categoryName);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private void Write<TState>(LogEntry<TState> entry)
        {
            lock (_gate)
            {
                formatter.Write(entry, _scopes, output);
                output.WriteLine();
            }
        }

        private sealed class FormatterLogger(FormatterProvider owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter));
        }
    }
}
