using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Polku.Platform.Results;
using Polku.Platform.Security;

namespace Polku.Platform.Idempotency;

/// <summary>
/// A client's idempotency key, scoped to the caller so that one caller's key can never reach another caller's
/// result: a signed-in person's key is theirs alone; an anonymous caller's key is bound to the exact request (the
/// key plus a hash of the body), so a stranger who guesses or copies the key still gets nothing they did not send.
/// <see cref="RequestHash"/> fingerprints the operation and its body: the same key sent again with a different
/// request is refused (<c>request.idempotency_key_reused</c>, 422) instead of silently answered with the first result.
/// </summary>
public sealed record IdempotencyKey
{
    /// <summary>The HTTP header that carries a client's key.</summary>
    public const string Header = "Idempotency-Key";

    /// <summary>Longest key a client may send.</summary>
    public const int MaxClientKeyLength = 80;

    public const string InvalidCode = "request.idempotency_key_invalid";
    public const string ReusedCode = "request.idempotency_key_reused";

    private IdempotencyKey(string scope, string requestHash)
    {
        Scope = scope;
        RequestHash = requestHash;
    }

    /// <summary>The stored key: <c>p:{person}:{key}</c> or <c>a:{request hash}:{key}</c>.</summary>
    public string Scope { get; }

    /// <summary>SHA-256 of the operation and the request body, hex.</summary>
    public string RequestHash { get; }

    /// <summary>
    /// Scopes a client's key. <paramref name="callerId"/> is the signed-in person (resident or professional; a
    /// guardian acting for a ward is still the guardian), null for an anonymous caller. <paramref name="operation"/>
    /// names what is being done (<c>assessments.submit</c>) and <paramref name="request"/> is the request's content in
    /// a stable form (the body as received, or the values that decide the outcome).
    /// </summary>
    public static Result<IdempotencyKey> For(Guid? callerId, string clientKey, string operation, string request)
    {
        if (!IsValidClientKey(clientKey))
        {
            return Error.Validation(InvalidCode, Header);
        }

        var hash = Hash(operation, request);
        var scope = callerId is { } person ? $"p:{person:N}:{clientKey}" : $"a:{hash}:{clientKey}";
        return new IdempotencyKey(scope, hash);
    }

    /// <summary>
    /// The caller's key from the <c>Idempotency-Key</c> header: none when the header is absent, an error when it is
    /// empty, too long or not printable ASCII.
    /// </summary>
    public static Result<IdempotencyKey?> FromRequest(HttpContext context, string operation, string request)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Request.Headers.TryGetValue(Header, out var values))
        {
            return Result<IdempotencyKey?>.Ok(null);
        }

        if (values.Count != 1 || values[0] is not { } clientKey)
        {
            return Error.Validation(InvalidCode, Header);
        }

        var key = For(context.User.PersonId(), clientKey, operation, request);
        return key.Error is { } error ? error : key.Value;
    }

    /// <summary>1–80 printable ASCII characters (a UUID, a ULID, a random token): nothing that needs escaping.</summary>
    public static bool IsValidClientKey(string? key) =>
        key is { Length: > 0 and <= MaxClientKeyLength } && key.All(c => c is >= '!' and <= '~');

    private static string Hash(string operation, string request)
    {
        var bytes = Encoding.UTF8.GetBytes(operation + "\n" + request);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }
}
