using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Polku.Contacts.Chat;

/// <summary>The <c>Chat</c> configuration section.</summary>
internal sealed class ChatOptions
{
    public const string Section = "Chat";

    /// <summary>A chat waiting in a queue whose resident has not been seen for this long is abandoned.</summary>
    public TimeSpan AbandonAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Runs the sweep every minute; tests turn it off and call the sweep themselves.</summary>
    public bool HousekeepingEnabled { get; set; } = true;
}

/// <summary>
/// Every minute, abandons the chats that wait in a queue after their resident has gone (<see cref="ChatService.AbandonUnseenAsync"/>),
/// so a professional is not left to take a chat with nobody in it. Runs on every node; the service makes that safe.
/// </summary>
internal sealed class ChatHousekeeping(IServiceScopeFactory scopes, IOptions<ChatOptions> options, TimeProvider time, ILogger<ChatHousekeeping> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var abandoned = await scope.ServiceProvider.GetRequiredService<ChatService>().AbandonUnseenAsync(options.Value.AbandonAfter, stoppingToken);
                if (abandoned > 0)
                {
                    log.LogInformation("Abandoned {Count} queued chats whose residents had gone.", abandoned);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "The chat sweep failed; it runs again in {Interval}.", Interval);
            }
        }
    }
}
