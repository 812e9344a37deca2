using System.Net;

namespace Polku.Bench.Load;

/// <summary>Ready-made <see cref="LoadRequest"/> builders with the usual status classification.</summary>
public static class HttpRequests
{
    /// <summary>GET <paramref name="path"/>; 2xx is success.</summary>
    public static LoadRequest Get(string path) => async (client, cancellationToken) =>
    {
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return Classify(response);
    };

    /// <summary>POST a fresh body from <paramref name="content"/> to the path chosen by <paramref name="path"/>.</summary>
    public static LoadRequest Post(Func<string> path, Func<HttpContent?> content) => async (client, cancellationToken) =>
    {
        using var body = content();
        using var response = await client.PostAsync(path(), body, cancellationToken);
        return Classify(response);
    };

    /// <summary>2xx is success, 409 Conflict is an expected rejection, anything else is an error.</summary>
    public static RequestOutcome Classify(HttpResponseMessage response)
    {
        if (response.IsSuccessStatusCode)
        {
            return RequestOutcome.Success;
        }

        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return RequestOutcome.Rejected;
        }

        // Throws with the status in the message, which the generator keeps as an error sample.
        response.EnsureSuccessStatusCode();
        return RequestOutcome.Error;
    }
}
