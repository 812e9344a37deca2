using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Polku.Platform.Persistence;

namespace Polku.Platform.Outbox;

/// <summary>
/// DEVELOPMENT STAND-IN — nothing is really sent. Writes each e-mail as an .eml file into
/// <c>{Database:DataFolder}/outbox-pickup/</c>, named by the outbox id, so a re-send overwrites the same file.
/// </summary>
public sealed class PickupFolderEmailSender(IOptions<DatabaseOptions> database) : IEmailSender
{
    private const string DevelopmentFrom = "polku-dev@localhost";

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var folder = PickupFolder.Path(database.Value);
        var staging = System.IO.Path.Combine(folder, ".staging-" + message.Id.ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            using (var mail = MailBuilder.Build(message, DevelopmentFrom))
            using (var client = new SmtpClient { DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory, PickupDirectoryLocation = staging })
            {
                await client.SendMailAsync(mail, cancellationToken);
            }

            var written = Directory.GetFiles(staging).Single();
            File.Move(written, System.IO.Path.Combine(folder, PickupFolder.FileName(message, "eml")), overwrite: true);
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }
}

/// <summary>
/// DEVELOPMENT STAND-IN — nothing is really sent. Writes each SMS as a .json file (to, text, idempotency key) into
/// <c>{Database:DataFolder}/outbox-pickup/</c>, named by the outbox id.
/// </summary>
public sealed class PickupFolderSmsSender(IOptions<DatabaseOptions> database) : ISmsSender
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var folder = PickupFolder.Path(database.Value);
        var path = System.IO.Path.Combine(folder, PickupFolder.FileName(message, "sms.json"));
        var content = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["to"] = message.Recipient,
            ["text"] = message.Body,
            ["idempotencyKey"] = OutboxIdempotency.Key(message),
        }, Json);
        await File.WriteAllTextAsync(path, content, cancellationToken);
    }
}

internal static class PickupFolder
{
    public static string Path(DatabaseOptions database)
    {
        var folder = System.IO.Path.GetFullPath(System.IO.Path.Combine(database.DataFolder, "outbox-pickup"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static string FileName(OutboxMessage message, string extension) =>
        string.Create(CultureInfo.InvariantCulture, $"{message.CreatedUtc:yyyyMMdd-HHmmss}-{message.Id:N}.{extension}");
}
