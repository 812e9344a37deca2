using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Results;

namespace Polku.Contacts.Messages;

/// <summary>Other modules' secure messages to residents, through the same path as a professional's new thread.</summary>
internal sealed class ResidentMessages(MessageService messages, IPeopleDirectory people) : IResidentMessages
{
    public async Task<Result<Guid>> SendAsync(StaffMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var staff = await people.FindStaffAsync(message.StaffId, cancellationToken);
        if (staff is null)
        {
            return Error.NotFound("contacts.messages.not_found");
        }

        var actor = new MessageActor(SenderKind.Staff, staff.Id, staff.DisplayName, null);
        var result = await messages.StartByStaffAsync(actor, message.CaseId, message.Subject, message.Body, null, null, cancellationToken, message.ResidentId);
        return result.Error is { } error ? error : result.Value!.Id;
    }

    public async Task<Result<Guid>> FileAsync(ResidentFiling filing, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filing);
        var actor = new MessageActor(SenderKind.Resident, filing.SenderId, filing.SenderName, filing.ResidentId);
        var result = await messages.FileOnCaseAsync(actor, filing.CaseId, filing.Subject, filing.Body, filing.File, cancellationToken);
        return result.Error is { } error ? error : result.Value!.Id;
    }
}
