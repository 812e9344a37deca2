using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Polku.Platform.Results;

namespace Polku.Platform.Uploads;

/// <summary>A file that passed the checks: a safe name, the type decided from its content, and the content.</summary>
public sealed record CheckedUpload(string FileName, string ContentType, byte[] Content);

/// <summary>
/// The error codes a module gives the three refusals of <see cref="UploadChecks"/>: each module keeps its own codes and
/// texts (<c>contacts.messages.attachment_*</c>, <c>sm.attachment.*</c>), the rules are one.
/// </summary>
public sealed record UploadErrorCodes(string Empty, string TooLarge, string Type);

/// <summary>The limits of every form that takes files checked by <see cref="UploadChecks"/>.</summary>
public static class UploadLimits
{
    /// <summary>
    /// Request and multipart limits of the upload forms (<c>[RequestFormLimits]</c>, <c>[RequestSizeLimit]</c> plus the
    /// other fields): above the largest file, so a file that is too large gets the page's own localised answer, and the
    /// bound of everything one form sends at once.
    /// </summary>
    public const long RequestLimitBytes = 8 * 1024 * 1024;

    /// <summary>The largest accepted file unless a module's configuration says otherwise.</summary>
    public const long DefaultMaxBytes = 5 * 1024 * 1024;
}

/// <summary>
/// The rules for files people upload (message attachments, ticket attachments): not empty, not above the caller's
/// largest size, and of an allowed type decided from the content (magic bytes) — PDF, PNG, JPEG or UTF-8 text — never
/// from the declared type or the file name; the stored name is made safe and its extension follows the type found.
/// </summary>
public static class UploadChecks
{
    /// <summary>The file input's <c>accept</c>: a hint to the browser only, the content decides.</summary>
    public const string Accept = ".pdf,.png,.jpg,.jpeg,.txt";

    /// <summary>Reads and checks the upload; the error names <paramref name="field"/> and carries the caller's code.</summary>
    public static async Task<Result<CheckedUpload>> CheckAsync(IFormFile file, long maxBytes, string field, UploadErrorCodes codes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(codes);
        if (file.Length == 0)
        {
            return Error.Validation(codes.Empty, field);
        }

        if (file.Length > maxBytes)
        {
            return Error.Validation(codes.TooLarge, field);
        }

        byte[] content;
        using (var buffer = new MemoryStream())
        {
            await using var stream = file.OpenReadStream();
            await stream.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }

        if (content.Length > maxBytes)
        {
            return Error.Validation(codes.TooLarge, field);
        }

        var type = Sniff(content);
        if (type is null)
        {
            return Error.Validation(codes.Type, field);
        }

        return new CheckedUpload(SafeName(file.FileName, type), type, content);
    }

    /// <summary>PDF, PNG, JPEG or UTF-8 text without NUL; null for anything else.</summary>
    public static string? Sniff(ReadOnlySpan<byte> content)
    {
        if (content.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }

        if (content.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }

        if (content.IndexOf((byte)0) < 0 && System.Text.Unicode.Utf8.IsValid(content))
        {
            return "text/plain; charset=utf-8";
        }

        return null;
    }

    /// <summary>
    /// The name to store and offer for download: the base name's letters, digits, spaces, hyphens and underscores
    /// (anything else becomes <c>_</c>), at most 150 characters, <c>attachment</c> when nothing is left, and the
    /// extension of the type the content has — never the one the name claimed.
    /// </summary>
    public static string SafeName(string? name, string type)
    {
        var baseName = Path.GetFileNameWithoutExtension(Path.GetFileName(name ?? ""));
        var clean = new StringBuilder();
        foreach (var ch in baseName)
        {
            clean.Append(char.IsLetterOrDigit(ch) || ch is '-' or '_' or ' ' ? ch : '_');
        }

        var stem = clean.ToString().Trim();
        if (stem.Length == 0)
        {
            stem = "attachment";
        }

        if (stem.Length > 150)
        {
            stem = stem[..150];
        }

        var ext = type switch
        {
            "application/pdf" => ".pdf",
            "image/png" => ".png",
            "image/jpeg" => ".jpg",
            _ => ".txt",
        };
        return stem + ext;
    }

    /// <summary>A size as people read it, in the current culture: 512 B, 12.5 kB (12,5 kB), 5 MB.</summary>
    public static string Size(long bytes) =>
        bytes < 1024 ? bytes.ToString(CultureInfo.CurrentCulture) + " B"
        : bytes < 1024 * 1024 ? (bytes / 1024.0).ToString("0.#", CultureInfo.CurrentCulture) + " kB"
        : (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.CurrentCulture) + " MB";
}
