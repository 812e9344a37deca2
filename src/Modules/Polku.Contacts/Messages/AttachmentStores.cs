using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Messages;

/// <summary>
/// Where the content of message attachments lives. The attachment's row (<c>contacts_message_attachments</c>: name,
/// sniffed type, size, storage key) is always in the database; the store holds only the bytes, under the key it returns.
/// Every node must reach the same store, so that any node serves any download. The database store is the default;
/// a county may register its own (an object store) in place of it.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>
    /// Stores the content of a new attachment and returns its storage key. Called before the caller's
    /// <c>SaveChanges</c>: the database store adds its row to that unit of work, so the content commits with the
    /// message or not at all; an external store writes at once.
    /// </summary>
    Task<string> PutAsync(Guid attachmentId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken);

    /// <summary>The stored content, or null when nothing is stored under the key.</summary>
    Task<Stream?> OpenAsync(Guid attachmentId, string storageKey, CancellationToken cancellationToken);
}

/// <summary>
/// Attachments in the database, one row per file in <c>contacts_message_attachment_blobs</c>. The bytes are in a table of
/// their own so that listing threads and messages never reads them; only a download does.
/// </summary>
internal sealed class DatabaseAttachmentStore(PolkuDb db) : IAttachmentStore
{
    private const string KeyPrefix = "db:";

    public Task<string> PutAsync(Guid attachmentId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        db.Set<MessageAttachmentBlob>().Add(new MessageAttachmentBlob { AttachmentId = attachmentId, Content = content.ToArray() });
        return Task.FromResult(KeyPrefix + attachmentId.ToString("N", CultureInfo.InvariantCulture));
    }

    public async Task<Stream?> OpenAsync(Guid attachmentId, string storageKey, CancellationToken cancellationToken)
    {
        if (!storageKey.StartsWith(KeyPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var content = await db.Set<MessageAttachmentBlob>().AsNoTracking()
            .Where(b => b.AttachmentId == attachmentId).Select(b => b.Content).FirstOrDefaultAsync(cancellationToken);
        return content is null ? null : new MemoryStream(content, writable: false);
    }
}

/// <summary>
/// Attachments as files outside the web root, under <c>{Folder}/{yyyy}/{random}</c> (opt-in,
/// <c>Contacts:Attachments:Store = FileSystem</c>). With several nodes the folder must be storage every node mounts.
/// </summary>
internal sealed class FileSystemAttachmentStore(IOptions<DatabaseOptions> database, IOptions<AttachmentOptions> options, TimeProvider time) : IAttachmentStore
{
    private string Root => Path.GetFullPath(options.Value.Folder is { Length: > 0 } folder ? folder : Path.Combine(database.Value.DataFolder, "attachments"));

    public async Task<string> PutAsync(Guid attachmentId, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var year = time.GetUtcNow().Year.ToString("D4", CultureInfo.InvariantCulture);
        var key = year + "/" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var path = PathFor(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, content, cancellationToken);
        return key;
    }

    public Task<Stream?> OpenAsync(Guid attachmentId, string storageKey, CancellationToken cancellationToken)
    {
        var path = PathFor(storageKey);
        return Task.FromResult<Stream?>(File.Exists(path) ? File.OpenRead(path) : null);
    }

    private string PathFor(string key)
    {
        var root = Root;
        var path = Path.GetFullPath(Path.Combine(root, key));
        return path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? path : throw new InvalidOperationException("Bad storage key.");
    }
}
