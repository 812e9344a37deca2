using System.Linq.Expressions;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Uploads;
using Polku.ServiceManagement.Data;

namespace Polku.ServiceManagement.Tickets;

/// <summary>A ticket attachment without its bytes, as the pages and the API list it.</summary>
internal sealed record AttachmentInfo(Guid Id, Guid TicketId, Guid? EntryId, string FileName, string ContentType, long SizeBytes, Guid? UploadedByStaffId,
    string UploadedByName, DateTime UploadedUtc, bool VisibleToReporter);

/// <summary>An attachment to download: what it is and its bytes.</summary>
internal sealed record AttachmentFile(AttachmentInfo Info, byte[] Content);

/// <summary>
/// The files of one form after the checks: all of them, or none with the first refusal (its <see cref="Error"/> and the
/// name the file was sent with, for the message beside the field).
/// </summary>
internal sealed record CheckedFiles(IReadOnlyList<CheckedUpload> Files, Error? Error = null, string? RejectedName = null)
{
    public static readonly CheckedFiles None = new([]);
}

/// <summary>
/// Ticket attachments: the platform's upload rules (<see cref="UploadChecks"/>: not empty, at most
/// <see cref="SmOptions.AttachmentMaxBytes"/>, the type from the content, a safe name) with at most
/// <see cref="MaxFiles"/> files a form, and who may read which file — the desk every one, the reporter the visible files
/// of their own tickets, nobody else any (not found, so that a file's existence is not revealed). The rows are written
/// by <see cref="TicketService"/> in the unit of work of the ticket or comment they come with.
/// </summary>
internal sealed class TicketAttachments(PolkuDb db, IOptions<SmOptions> options, Texts texts)
{
    /// <summary>The most files one form takes (all of them within <see cref="UploadLimits.RequestLimitBytes"/>).</summary>
    public const int MaxFiles = 5;

    /// <summary>The name of the forms' file input and of the field their errors are shown beside.</summary>
    public const string Field = "files";

    public const string TooMany = "sm.attachment.too_many";
    public const string NotFound = "sm.attachment.not_found";

    /// <summary>The codes of the platform's three refusals (texts in <c>sm-attachments.*.json</c>, {0} the file's name, {1} the largest size).</summary>
    public static readonly UploadErrorCodes Codes = new("sm.attachment.empty", "sm.attachment.too_large", "sm.attachment.type");

    public long MaxBytes => options.Value.AttachmentMaxBytes;

    /// <summary>
    /// Checks a form's files. A file input left empty sends a part without a name and content: that is no file. The
    /// first refused file refuses them all (nothing is stored), so the person sends the form again with the right files.
    /// </summary>
    public async Task<CheckedFiles> CheckAsync(IEnumerable<IFormFile>? files, CancellationToken ct)
    {
        var sent = files?.Where(f => f is not null && !(f.Length == 0 && string.IsNullOrEmpty(f.FileName))).ToList() ?? [];
        if (sent.Count == 0)
        {
            return CheckedFiles.None;
        }

        if (sent.Count > MaxFiles)
        {
            return new CheckedFiles([], Error.Validation(TooMany, Field));
        }

        var accepted = new List<CheckedUpload>(sent.Count);
        foreach (var file in sent)
        {
            var result = await UploadChecks.CheckAsync(file, MaxBytes, Field, Codes, ct);
            if (result.Error is { } error)
            {
                return new CheckedFiles([], error, ShownName(file.FileName));
            }

            accepted.Add(result.Value!);
        }

        return new CheckedFiles(accepted);
    }

    /// <summary>A refusal in the reader's language: which file and why ({0} its name, {1} the largest size, {2} the most files).</summary>
    public string Message(Error error, string? fileName) => texts[error.Code, fileName ?? "", UploadChecks.Size(MaxBytes), MaxFiles];

    /// <summary>The hint under a file input: how many files, how large, which types.</summary>
    public string Hint() => texts["sm.attachment.hint", MaxFiles, UploadChecks.Size(MaxBytes)];

    /// <summary>A ticket's files, oldest first; the reporter's view only those visible to them.</summary>
    public Task<List<AttachmentInfo>> ForTicketAsync(Guid ticketId, bool reporterView, CancellationToken ct) => ListAsync(db, ticketId, reporterView, ct);

    /// <summary><see cref="ForTicketAsync"/> for a reader without this service (the ticket's detail).</summary>
    internal static Task<List<AttachmentInfo>> ListAsync(PolkuDb db, Guid ticketId, bool reporterView, CancellationToken ct) =>
        db.Set<TicketAttachment>().AsNoTracking()
            .Where(a => a.TicketId == ticketId && (!reporterView || a.VisibleToReporter))
            .OrderBy(a => a.UploadedUtc).ThenBy(a => a.FileName)
            .Select(Info).ToListAsync(ct);

    /// <summary>Any attachment, for the service desk.</summary>
    public Task<AttachmentFile?> ForDeskAsync(Guid id, CancellationToken ct) => FileAsync(db.Set<TicketAttachment>().Where(a => a.Id == id), ct);

    /// <summary>An attachment visible to the reporter of its ticket, for that reporter only; null for anything else.</summary>
    public Task<AttachmentFile?> ForReporterAsync(Guid id, Guid staffId, CancellationToken ct) =>
        FileAsync(from a in db.Set<TicketAttachment>()
                  join t in db.Set<Ticket>() on a.TicketId equals t.Id
                  where a.Id == id && a.VisibleToReporter && t.ReporterStaffId == staffId
                  select a, ct);

    private static async Task<AttachmentFile?> FileAsync(IQueryable<TicketAttachment> query, CancellationToken ct)
    {
        var row = await query.AsNoTracking().Select(a => new
        {
            a.Id, a.TicketId, a.EntryId, a.FileName, a.ContentType, a.SizeBytes, a.UploadedByStaffId, a.UploadedByName, a.UploadedUtc, a.VisibleToReporter, a.Content,
        }).FirstOrDefaultAsync(ct);
        return row is null ? null
            : new AttachmentFile(new AttachmentInfo(row.Id, row.TicketId, row.EntryId, row.FileName, row.ContentType, row.SizeBytes, row.UploadedByStaffId,
                row.UploadedByName, row.UploadedUtc, row.VisibleToReporter), row.Content);
    }

    /// <summary>The columns of a list: never the bytes.</summary>
    private static readonly Expression<Func<TicketAttachment, AttachmentInfo>> Info = a => new AttachmentInfo(a.Id, a.TicketId, a.EntryId, a.FileName,
        a.ContentType, a.SizeBytes, a.UploadedByStaffId, a.UploadedByName, a.UploadedUtc, a.VisibleToReporter);

    /// <summary>The name a refused file was sent with, as the message shows it: its last path part, at most 100 characters.</summary>
    private static string ShownName(string? name)
    {
        var shown = Path.GetFileName((name ?? "").Replace('\\', '/')).Trim();
        return shown.Length > 100 ? shown[..100] + "…" : shown;
    }
}
