namespace Polku.Contacts.Contracts;

/// <summary>The request limits of every page that uploads a file checked by the platform's upload rules (<c>Polku.Platform.Uploads</c>).</summary>
public static class AttachmentLimits
{
    /// <summary>Request and multipart limits of the upload forms: above the default maximum, so our own check answers.</summary>
    public const long RequestLimitBytes = Polku.Platform.Uploads.UploadLimits.RequestLimitBytes;
}
