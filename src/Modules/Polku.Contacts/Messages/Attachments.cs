using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Contacts.Messages;

/// <summary>The <c>Contacts:Attachments</c> configuration section.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Contacts:Attachments";

    /// <summary>Largest accepted file; the forms' own request limits are <see cref="AttachmentLimits.RequestLimitBytes"/>.</summary>
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;
}

public static class AttachmentLimits
{
    /// <summary>Request and multipart limits of the message forms: above the default maximum, so our own check answers.</summary>
    public const long RequestLimitBytes = 8 * 1024 * 1024;
}

/// <summary>A file accepted for storage: its sniffed type and where it went.</summary>
internal sealed record StoredFile(string FileName, string ContentType, long SizeBytes, string StorageKey);

/// <summary>
/// Checks and stores message attachments outside the web root, under <c>{DataFolder}/attachments/{yyyy}/{random}</c>.
/// The type is decided from the content (magic bytes), never from the declared type or the file name.
/// </summary>
internal sealed class AttachmentStore(IOptions<DatabaseOptions> database, IOptions<AttachmentOptions> options, TimeProvider time)
{
    public long MaxBytes => options.Value.MaxBytes;

    private string Root => Path.GetFullPath(Path.Combine(database.Value.DataFolder, "attachments"));

    /// <summary>Validates and stores the file; the error names the form field.</summary>
    public async Task<Result<StoredFile>> SaveAsync(IFormFile file, string field, CancellationToken ct)
    {
        if (file.Length == 0)
        {
            return Error.Validation("contacts.messages.attachment_empty", field);
        }

        if (file.Length > MaxBytes)
        {
            return Error.Validation("contacts.messages.attachment_too_large", field);
        }

        byte[] content;
        using (var buffer = new MemoryStream())
        {
            await using var stream = file.OpenReadStream();
            await stream.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }

        if (content.Length > MaxBytes)
        {
            return Error.Validation("contacts.messages.attachment_too_large", field);
        }

        var type = Sniff(content);
        if (type is null)
        {
            return Error.Validation("contacts.messages.attachment_type", field);
        }

        var year = time.GetUtcNow().Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        var key = year + "/" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content, ct);
        return new StoredFile(SafeName(file.FileName, type), type, content.Length, key);
    }

    public Stream Open(string storageKey) => File.OpenRead(PathFor(storageKey));

    private string PathFor(string key)
    {
        var path = Path.GetFullPath(Path.Combine(Root, key));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : throw new InvalidOperationException("Bad storage key.");
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

    private static string SafeName(string name, string type)
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
}
