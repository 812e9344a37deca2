using Microsoft.AspNetCore.Http;

namespace Polku.Platform.Web;

/// <summary>What an import API received: the file's bytes, or that it was over the limit, or that a form held no file.</summary>
public sealed record CsvUploadBody(byte[]? Bytes, bool TooLarge);

/// <summary>
/// The body of a CSV import API: the file of a multipart form (field <c>file</c>, or its first file) or the request
/// body itself (<c>text/csv</c>), read up to a limit so an oversized upload is refused without holding it all.
/// </summary>
public static class CsvUpload
{
    public static async Task<CsvUploadBody> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > maxBytes + 64 * 1024)
        {
            return new CsvUploadBody(null, true);
        }

        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if ((form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null)) is not { } file)
            {
                return new CsvUploadBody(null, false);
            }

            if (file.Length > maxBytes)
            {
                return new CsvUploadBody(null, true);
            }

            using var fileCopy = new MemoryStream();
            await file.CopyToAsync(fileCopy, cancellationToken);
            return new CsvUploadBody(fileCopy.ToArray(), false);
        }

        using var copy = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                return new CsvUploadBody(null, true);
            }

            copy.Write(buffer, 0, read);
        }

        return new CsvUploadBody(copy.ToArray(), false);
    }
}
