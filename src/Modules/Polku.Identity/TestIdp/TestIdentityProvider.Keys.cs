using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;
using Polku.Identity.Auth;
using Polku.Identity.Data;
using Polku.Platform.Persistence;

namespace Polku.Identity.TestIdp;

/// <summary>The test provider's signing key: one per database, shared by every node, published in the JWKS.</summary>
internal sealed partial class TestIdentityProvider
{
    /// <summary>The published key set: the public half of the signing key.</summary>
    public async Task<JwksDocument> JwksAsync(PolkuDb db, CancellationToken cancellationToken)
    {
        var (rsa, key) = await SigningKeyAsync(db, cancellationToken);
        var p = rsa.ExportParameters(false);
        return new JwksDocument(
            [
                new Dictionary<string, object>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = SecurityAlgorithms.RsaSha256,
                    ["kid"] = key.KeyId,
                    ["n"] = Base64UrlEncoder.Encode(p.Modulus),
                    ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                },
            ]);
    }

    /// <summary>
    /// The signing key: read from the database and cached; the first node to need one creates it, and an
    /// insert that loses the race to another node simply reads the winner's key.
    /// </summary>
    private async Task<(RSA Rsa, RsaSecurityKey Key)> SigningKeyAsync(PolkuDb db, CancellationToken cancellationToken)
    {
        if (_signing is { } cached)
        {
            return cached;
        }

        await _keyGate.WaitAsync(cancellationToken);
        try
        {
            if (_signing is { } again)
            {
                return again;
            }

            for (var attempt = 0; ; attempt++)
            {
                var row = await db.Set<TestIdpKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Id == SigningSlot, cancellationToken);
                if (row is null)
                {
                    await CreateKeyAsync(db, replacing: null, cancellationToken);
                    continue;
                }

                var rsa = RSA.Create();
                try
                {
                    rsa.ImportPkcs8PrivateKey(Convert.FromBase64String(_keys.Unprotect(row.PrivateKey)), out _);
                    _signing = (rsa, new RsaSecurityKey(rsa) { KeyId = row.KeyId });
                    return _signing.Value;
                }
                catch (CryptographicException) when (attempt < 3)
                {
                    // Data-protection keys this node cannot read (lost, or not shared between nodes): start over with a new key.
                    rsa.Dispose();
                    logger.LogWarning("The test identity provider's signing key could not be unprotected; creating a new one");
                    await CreateKeyAsync(db, replacing: row.KeyId, cancellationToken);
                }
            }
        }
        finally
        {
            _keyGate.Release();
        }
    }

    private async Task CreateKeyAsync(PolkuDb db, string? replacing, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(2048);
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = _keys.Protect(Convert.ToBase64String(rsa.ExportPkcs8PrivateKey()));
        var now = time.GetUtcNow().UtcDateTime;
        if (replacing is null)
        {
            await db.Database.ExecuteSqlInterpolatedAsync(
                $"INSERT INTO identity_test_idp_keys (id, key_id, private_key, created_utc) VALUES ({SigningSlot}, {keyId}, {secret}, {now}) ON CONFLICT (id) DO NOTHING",
                cancellationToken);
        }
        else
        {
            await db.Set<TestIdpKey>().Where(k => k.Id == SigningSlot && k.KeyId == replacing).ExecuteUpdateAsync(s => s
                .SetProperty(k => k.KeyId, keyId).SetProperty(k => k.PrivateKey, secret).SetProperty(k => k.CreatedUtc, now), cancellationToken);
        }
    }
}
