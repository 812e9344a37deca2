namespace Polku.Bench.Load;

/// <summary>How one generated request ended.</summary>
public enum RequestOutcome
{
    /// <summary>The request did what it asked for (e.g. 2xx).</summary>
    Success,

    /// <summary>The server answered correctly but declined (e.g. 409 for a full slot). Not an error.</summary>
    Rejected,

    /// <summary>Unexpected status, timeout or transport failure.</summary>
    Error,
}

/// <summary>Sends one request with the shared client and classifies the answer.</summary>
public delegate Task<RequestOutcome> LoadRequest(HttpClient client, CancellationToken cancellationToken);
