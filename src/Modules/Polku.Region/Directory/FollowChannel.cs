using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Polku.Platform.Journal;
using Polku.Platform.Persistence;
using Polku.Platform.Security;
using Polku.Platform.Web;
using Polku.Region.Data;

namespace Polku.Region.Directory;

/// <summary>
/// A resident following a channel to an external service: recorded in the service-event journal (the first KPI
/// source: which external services residents still use, per municipality), then redirected.
/// </summary>
internal static class FollowChannel
{
    /// <summary>The link that follows a channel, remembering the municipality the resident chose (if any).</summary>
    public static string Path(Guid channelId, string? municipality) =>
        $"/go/{channelId:D}?municipality={Uri.EscapeDataString(municipality ?? "")}";

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/go/{channelId:guid}", Follow)
            .AuditExempt("records a pseudonymous service event only")
            .ExcludeFromDescription();

    private static async Task<Results<RedirectHttpResult, NotFound>> Follow(Guid channelId, string? municipality, ServiceDirectory directory, ServiceJournal journal, UnitOfWork unit, HttpContext context, CancellationToken ct)
    {
        var channel = await directory.ChannelAsync(channelId, ct);
        if (channel is not { Mode: ChannelMode.External, Url: { } url } || !Uri.TryCreate(url, UriKind.Absolute, out var target) || target.Scheme != Uri.UriSchemeHttps)
        {
            return TypedResults.NotFound();
        }

        var muni = channel.MunicipalityCode ?? (municipality is { Length: 3 } && await directory.MunicipalityExistsAsync(municipality, ct) ? municipality : null);
        var serviceCode = await directory.ServiceCodeAsync(channel.ServiceId, ct);
        await unit.RunAsync(_ =>
        {
            journal.Record("channel.followed", channel.Kind == ChannelKind.ExternalEService ? "external" : ToChannelName(channel.Kind), digital: true,
                residentId: context.User.EffectiveResidentId(), municipalityCode: muni, serviceCode: serviceCode, unitId: channel.UnitId, detail: target.Host);
            return Task.CompletedTask;
        }, ct);
        return TypedResults.Redirect(target.ToString());
    }

    private static string ToChannelName(ChannelKind kind) => kind switch
    {
        ChannelKind.SelfBooking => "self-booking",
        ChannelKind.EForm => "form",
        ChannelKind.RemoteAppointment => "remote-appointment",
        ChannelKind.SecureMessage => "message",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
