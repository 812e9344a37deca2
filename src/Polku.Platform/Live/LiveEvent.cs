using System.Security.Claims;

namespace Polku.Platform.Live;

/// <summary>
/// A live event: something changed for an audience. Only the type and an id travel — never content or personal
/// data; the page that receives it fetches what it needs through its normal, authorised and audited routes.
/// </summary>
/// <param name="Audience">A user (<c>person:{guid}</c>) or a group (<c>queue:{guid}</c>); see <see cref="LiveAudiences"/>.</param>
/// <param name="Type">Lower-case event type such as <c>message.new</c> (letters, digits, <c>.</c>, <c>-</c>, <c>_</c>).</param>
/// <param name="Id">The id of the changed thing.</param>
public sealed record LiveEvent(string Audience, string Type, string Id)
{
    public const int MaxLength = 200;

    /// <summary>Throws when a field is empty, too long or could break the event-stream framing.</summary>
    public void Validate()
    {
        Check(Audience, nameof(Audience), static c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or ':' or '-' or '_' or '.');
        Check(Type, nameof(Type), static c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '.' or '-' or '_');
        Check(Id, nameof(Id), static c => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.' or ':');
    }

    private static void Check(string value, string name, Func<char, bool> allowed)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxLength || !value.All(allowed))
        {
            throw new ArgumentException($"Live event {name} '{value}' is empty, too long or has characters outside its alphabet.", name);
        }
    }
}

/// <summary>Publishes live events to every node's subscribers.</summary>
public interface ILiveNotifier
{
    /// <summary>Publishes an event. Call after the change it announces has committed.</summary>
    Task PublishAsync(LiveEvent liveEvent, CancellationToken cancellationToken = default);
}

/// <summary>
/// Adds audiences for a signed-in user beyond their own <c>person:{id}</c>, e.g. the queues a professional belongs
/// to. Modules register implementations; the <c>/events</c> endpoint asks each one when a stream opens.
/// </summary>
public interface ILiveAudienceSource
{
    ValueTask<IReadOnlyList<string>> GetAudiencesAsync(ClaimsPrincipal user, CancellationToken cancellationToken);
}

/// <summary>Audience names.</summary>
public static class LiveAudiences
{
    public static string Person(Guid personId) => $"person:{personId:D}";

    public static string Queue(Guid queueId) => $"queue:{queueId:D}";
}
