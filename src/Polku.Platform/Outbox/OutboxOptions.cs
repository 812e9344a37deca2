using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Polku.Platform.Outbox;

/// <summary>How e-mail leaves Polku.</summary>
public enum EmailMode
{
    /// <summary>A real SMTP relay.</summary>
    Smtp,

    /// <summary>Development stand-in: .eml files in <c>{Database:DataFolder}/outbox-pickup/</c>; nothing is sent.</summary>
    Pickup,
}

/// <summary>How SMS leaves Polku.</summary>
public enum SmsMode
{
    /// <summary>An HTTP SMS gateway.</summary>
    Http,

    /// <summary>Development stand-in: .json files in <c>{Database:DataFolder}/outbox-pickup/</c>; nothing is sent.</summary>
    Pickup,
}

/// <summary>The <c>Outbox</c> configuration section.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>How often the dispatcher looks for due messages when idle.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Messages claimed per round.</summary>
    public int BatchSize { get; set; } = 10;

    /// <summary>Attempts before a message becomes <see cref="OutboxStatus.Failed"/>.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>How long a claim lasts; a message still <c>Sending</c> after this is assumed abandoned (crash) and re-claimed.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Delay after the first failure; doubles with each further failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan BaseBackoff { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Run the background dispatcher (switch off on nodes that should not send).</summary>
    public bool DispatcherEnabled { get; set; } = true;

    public EmailOptions Email { get; set; } = new();
    public SmsOptions Sms { get; set; } = new();

    /// <summary>The delay before the next attempt after <paramref name="attempts"/> failed attempts.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Clamp(attempts - 1, 0, 30);
        var ticks = BaseBackoff.Ticks * Math.Pow(2, exponent);
        return ticks >= MaxBackoff.Ticks ? MaxBackoff : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>The e-mail mode in effect: configured, else the stand-in outside Production.</summary>
    public EmailMode EffectiveEmailMode(IHostEnvironment environment) =>
        Email.Mode ?? (environment.IsProduction() ? throw Unconfigured("Outbox:Email:Mode", "Smtp") : EmailMode.Pickup);

    public SmsMode EffectiveSmsMode(IHostEnvironment environment) =>
        Sms.Mode ?? (environment.IsProduction() ? throw Unconfigured("Outbox:Sms:Mode", "Http") : SmsMode.Pickup);

    /// <summary>Whether a development stand-in is active (nothing is really sent on that channel).</summary>
    public bool StandInsActive(IHostEnvironment environment) =>
        (Email.Mode ?? (environment.IsProduction() ? EmailMode.Smtp : EmailMode.Pickup)) == EmailMode.Pickup
        || (Sms.Mode ?? (environment.IsProduction() ? SmsMode.Http : SmsMode.Pickup)) == SmsMode.Pickup;

    private static InvalidOperationException Unconfigured(string key, string real) =>
        new($"{key} must be set explicitly in Production: '{real}' to deliver for real, or 'Pickup' to write files only (nothing is sent).");
}

public sealed class EmailOptions
{
    /// <summary><c>Smtp</c> or <c>Pickup</c>; defaults to <c>Pickup</c> outside Production, required in Production.</summary>
    public EmailMode? Mode { get; set; }
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public bool EnableSsl { get; set; } = true;
    public string? User { get; set; }
    public string? Password { get; set; }

    /// <summary>Sender address, e.g. <c>"Polku &lt;no-reply@example.fi&gt;"</c>.</summary>
    public string? From { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

public sealed class SmsOptions
{
    /// <summary><c>Http</c> or <c>Pickup</c>; defaults to <c>Pickup</c> outside Production, required in Production.</summary>
    public SmsMode? Mode { get; set; }

    /// <summary>The gateway URL that accepts <c>POST {"to": "...", "text": "..."}</c>.</summary>
    public string? Url { get; set; }

    /// <summary>Optional bearer token for the gateway.</summary>
    public string? Token { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Fails start-up with a clear message when the outbox is not configured for the environment.</summary>
internal sealed class OutboxOptionsValidator(IHostEnvironment environment) : IValidateOptions<OutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, OutboxOptions options)
    {
        var errors = new List<string>();
        try
        {
            if (options.EffectiveEmailMode(environment) == EmailMode.Smtp)
            {
                if (string.IsNullOrWhiteSpace(options.Email.Host))
                {
                    errors.Add("Outbox:Email:Host is required when Outbox:Email:Mode is Smtp.");
                }

                if (string.IsNullOrWhiteSpace(options.Email.From))
                {
                    errors.Add("Outbox:Email:From is required when Outbox:Email:Mode is Smtp.");
                }
            }
        }
        catch (InvalidOperationException e)
        {
            errors.Add(e.Message);
        }

        try
        {
            if (options.EffectiveSmsMode(environment) == SmsMode.Http
                && !Uri.TryCreate(options.Sms.Url, UriKind.Absolute, out _))
            {
                errors.Add("Outbox:Sms:Url (an absolute URL) is required when Outbox:Sms:Mode is Http.");
            }
        }
        catch (InvalidOperationException e)
        {
            errors.Add(e.Message);
        }

        if (options.BatchSize < 1 || options.MaxAttempts < 1 || options.PollInterval <= TimeSpan.Zero || options.LeaseDuration <= TimeSpan.Zero)
        {
            errors.Add("Outbox:BatchSize, MaxAttempts, PollInterval and LeaseDuration must be positive.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
