using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Polku.Platform.Outbox;

/// <summary>
/// Sends SMS through an HTTP gateway (<c>Outbox:Sms:Mode = Http</c>): <c>POST {"to": "...", "text": "..."}</c> with
/// an optional bearer token and the outbox id as <c>Idempotency-Key</c>. Any non-2xx answer is a failure and is retried.
/// </summary>
public sealed class HttpSmsSender(HttpClient http, IOptions<OutboxOptions> options) : ISmsSender
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var o = options.Value.Sms;
        using var request = new HttpRequestMessage(HttpMethod.Post, o.Url ?? throw new InvalidOperationException("Outbox:Sms:Url is not configured."))
        {
            Content = JsonContent.Create(new SmsRequest(message.Recipient, message.Body)),
        };

        // A re-send after a crash carries the same key, so the gateway can drop the duplicate (see docs/outbox.md).
        request.Headers.Add("Idempotency-Key", OutboxIdempotency.Key(message));
        if (!string.IsNullOrEmpty(o.Token))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.Token);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(o.Timeout);
        using var response = await http.SendAsync(request, timeout.Token);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"SMS gateway answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }
    }

    private sealed record SmsRequest(
        [property: System.Text.Json.Serialization.JsonPropertyName("to")] string To,
        [property: System.Text.Json.Serialization.JsonPropertyName("text")] string Text);
}
