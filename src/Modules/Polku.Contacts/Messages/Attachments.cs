using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Polku.Platform.Results;

namespace Polku.Contacts.Messages;

/// <summary>The <c>Contacts:Attachments</c> configuration section.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Contacts:Attachments";

    /// <summary>Largest accepted file; the forms' own request limits are <see cref="AttachmentLimits.RequestLimitBytes"/>.</summary>
    public long MaxBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Where the bytes go: <see cref="AttachmentStorage.Database"/> (default) or <see cref="AttachmentStorage.FileSystem"/>.</summary>
    public AttachmentStorage Store { get; set; } = AttachmentStorage.Database;

    /// <summary>The folder of the file-system store; default <c>{Database:DataFolder}/attachments</c>.</summary>
    public string? Folder { get; set; }
}

/// <summary>The attachment stores Polku ships with (see <see cref="IAttachmentStore"/>).</summary>
public enum AttachmentStorage
{
    /// <summary>In the database, table <c>contacts_message_attachment_blobs</c>: every node serves every attachment.</summary>
    Database,

    /// <summary>In a folder: one node, or a folder every node mounts.</summary>
    FileSystem,
}


/// <summary>A file that passed the checks: a safe name, the type decided from its content, and the content.</summary>
internal sealed record CheckedFile(string FileName, string ContentType, byte[] Content);

/// <summary>
/// Checks message attachments before anything is stored: not empty, not above <see cref="AttachmentOptions.MaxBytes"/>,
/// and of an allowed type decided from the content (magic bytes), never from the declared type or the file name.
/// </summary>
internal sealed class AttachmentChecks(IOptions<AttachmentOptions> options)
{
    public long MaxBytes => options.Value.MaxBytes;

    /// <summary>Reads and checks the upload; the error names the form field.</summary>
    public async Task<Result<CheckedFile>> CheckAsync(IFormFile file, string field, CancellationToken ct)
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

        return new CheckedFile(SafeName(file.FileName, type), type, content);
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
