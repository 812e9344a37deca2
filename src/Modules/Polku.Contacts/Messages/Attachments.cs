using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Polku.Platform.Results;
using Polku.Platform.Uploads;

namespace Polku.Contacts.Messages;

/// <summary>The <c>Contacts:Attachments</c> configuration section.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "Contacts:Attachments";

    /// <summary>Largest accepted file; the forms' own request limits are <see cref="AttachmentLimits.RequestLimitBytes"/>.</summary>
    public long MaxBytes { get; set; } = UploadLimits.DefaultMaxBytes;

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


/// <summary>
/// Checks message attachments before anything is stored, by the platform's upload rules (<see cref="UploadChecks"/>:
/// not empty, not above <see cref="AttachmentOptions.MaxBytes"/>, the type decided from the content, a safe name) with
/// the messages' own error codes.
/// </summary>
internal sealed class AttachmentChecks(IOptions<AttachmentOptions> options)
{
    /// <summary>The messages' codes of the three refusals (texts in <c>messages.*.json</c>).</summary>
    public static readonly UploadErrorCodes Codes = new(
        "contacts.messages.attachment_empty", "contacts.messages.attachment_too_large", "contacts.messages.attachment_type");

    public long MaxBytes => options.Value.MaxBytes;

    /// <summary>Reads and checks the upload; the error names the form field.</summary>
    public Task<Result<CheckedUpload>> CheckAsync(IFormFile file, string field, CancellationToken ct) =>
        UploadChecks.CheckAsync(file, MaxBytes, field, Codes, ct);
}
