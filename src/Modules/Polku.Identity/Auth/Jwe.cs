using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;

namespace Polku.Identity.Auth;

/// <summary>
/// JWE compact serialisation (RFC 7516/7518) with RSA-OAEP or RSA-OAEP-256 key transport and AES-GCM or
/// AES-CBC-HMAC content encryption. Polku decrypts encrypted ID tokens itself because Microsoft.IdentityModel 8.x
/// decrypts neither AES-GCM nor RSA-OAEP-256, which Finnish identification brokers use; the signed token inside is
/// then validated by the OpenID Connect handler like any other.
/// </summary>
internal static class Jwe
{
    public const string RsaOaep = "RSA-OAEP";
    public const string RsaOaep256 = "RSA-OAEP-256";
    public const string A256Gcm = "A256GCM";

    private const int GcmNonceBytes = 12;
    private const int GcmTagBytes = 16;

    public static bool IsJwe(string? token) => token is not null && token.Count(c => c == '.') == 4;

    /// <summary>Decrypts a compact JWE with one of the keys; null when it is malformed, uses an unsupported algorithm or no key opens it.</summary>
    public static string? Decrypt(string token, IReadOnlyList<(string KeyId, RSA Key)> keys)
    {
        var parts = token.Split('.');
        if (parts.Length != 5)
        {
            return null;
        }

        string? alg, enc, kid;
        try
        {
            using var header = JsonDocument.Parse(Base64UrlEncoder.DecodeBytes(parts[0]));
            var root = header.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.TryGetProperty("zip", out _) || root.TryGetProperty("crit", out _))
            {
                return null;
            }

            alg = root.TryGetProperty("alg", out var a) ? a.GetString() : null;
            enc = root.TryGetProperty("enc", out var e) ? e.GetString() : null;
            kid = root.TryGetProperty("kid", out var k) ? k.GetString() : null;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            return null;
        }

        if (Padding(alg) is not { } padding || KeyBytes(enc) is not { } keyBytes)
        {
            return null;
        }

        byte[] encryptedKey, iv, ciphertext, tag;
        try
        {
            encryptedKey = Base64UrlEncoder.DecodeBytes(parts[1]);
            iv = Base64UrlEncoder.DecodeBytes(parts[2]);
            ciphertext = Base64UrlEncoder.DecodeBytes(parts[3]);
            tag = Base64UrlEncoder.DecodeBytes(parts[4]);
        }
        catch (FormatException)
        {
            return null;
        }

        var aad = Encoding.ASCII.GetBytes(parts[0]);
        foreach (var (keyId, key) in keys.Where(k => kid is null || k.KeyId == kid))
        {
            byte[] cek;
            try
            {
                cek = key.Decrypt(encryptedKey, padding);
            }
            catch (CryptographicException)
            {
                continue;
            }

            if (cek.Length != keyBytes)
            {
                continue;
            }

            var plaintext = enc!.EndsWith("GCM", StringComparison.Ordinal)
                ? DecryptGcm(cek, iv, ciphertext, tag, aad)
                : DecryptCbcHmac(enc, cek, iv, ciphertext, tag, aad);
            CryptographicOperations.ZeroMemory(cek);
            if (plaintext is not null)
            {
                return Encoding.UTF8.GetString(plaintext);
            }
        }

        return null;
    }

    /// <summary>Encrypts a (signed) token to a recipient's RSA key with AES-GCM, as a nested JWT (<c>cty: JWT</c>).</summary>
    public static string Encrypt(string payload, RSA recipient, string keyId, string alg = RsaOaep, string enc = A256Gcm)
    {
        if (Padding(alg) is not { } padding || KeyBytes(enc) is not { } keyBytes || !enc.EndsWith("GCM", StringComparison.Ordinal))
        {
            throw new ArgumentException($"Unsupported JWE algorithms {alg}/{enc}.");
        }

        var header = Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["alg"] = alg,
            ["enc"] = enc,
            ["kid"] = keyId,
            ["cty"] = "JWT",
        }));
        var cek = RandomNumberGenerator.GetBytes(keyBytes);
        var iv = RandomNumberGenerator.GetBytes(GcmNonceBytes);
        var plaintext = Encoding.UTF8.GetBytes(payload);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[GcmTagBytes];
        using (var aes = new AesGcm(cek, GcmTagBytes))
        {
            aes.Encrypt(iv, plaintext, ciphertext, tag, Encoding.ASCII.GetBytes(header));
        }

        var encryptedKey = recipient.Encrypt(cek, padding);
        CryptographicOperations.ZeroMemory(cek);
        return string.Join('.', header, Base64UrlEncoder.Encode(encryptedKey), Base64UrlEncoder.Encode(iv),
            Base64UrlEncoder.Encode(ciphertext), Base64UrlEncoder.Encode(tag));
    }

    private static RSAEncryptionPadding? Padding(string? alg) => alg switch
    {
        RsaOaep => RSAEncryptionPadding.OaepSHA1,
        RsaOaep256 => RSAEncryptionPadding.OaepSHA256,
        _ => null,
    };

    private static int? KeyBytes(string? enc) => enc switch
    {
        "A128GCM" => 16,
        "A192GCM" => 24,
        A256Gcm => 32,
        "A128CBC-HS256" => 32,
        "A192CBC-HS384" => 48,
        "A256CBC-HS512" => 64,
        _ => null,
    };

    private static byte[]? DecryptGcm(byte[] cek, byte[] iv, byte[] ciphertext, byte[] tag, byte[] aad)
    {
        if (iv.Length != GcmNonceBytes || tag.Length != GcmTagBytes)
        {
            return null;
        }

        var plaintext = new byte[ciphertext.Length];
        try
        {
            using var aes = new AesGcm(cek, GcmTagBytes);
            aes.Decrypt(iv, ciphertext, tag, plaintext, aad);
            return plaintext;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>RFC 7518 §5.2.2: MAC key first, encryption key second; the tag is the first half of HMAC(AAD ‖ IV ‖ C ‖ AL).</summary>
    private static byte[]? DecryptCbcHmac(string enc, byte[] cek, byte[] iv, byte[] ciphertext, byte[] tag, byte[] aad)
    {
        var half = cek.Length / 2;
        if (iv.Length != 16 || tag.Length != half)
        {
            return null;
        }

        var macInput = new byte[aad.Length + iv.Length + ciphertext.Length + 8];
        aad.CopyTo(macInput, 0);
        iv.CopyTo(macInput, aad.Length);
        ciphertext.CopyTo(macInput, aad.Length + iv.Length);
        BinaryPrimitives.WriteUInt64BigEndian(macInput.AsSpan(macInput.Length - 8), (ulong)aad.Length * 8);
        var macKey = cek[..half];
        var mac = enc switch
        {
            "A128CBC-HS256" => HMACSHA256.HashData(macKey, macInput),
            "A192CBC-HS384" => HMACSHA384.HashData(macKey, macInput),
            _ => HMACSHA512.HashData(macKey, macInput),
        };
        if (!CryptographicOperations.FixedTimeEquals(mac.AsSpan(0, half), tag))
        {
            return null;
        }

        try
        {
            using var aes = Aes.Create();
            aes.Key = cek[half..];
            return aes.DecryptCbc(ciphertext, iv, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
