using Microsoft.AspNetCore.Mvc.ModelBinding;
using Polku.Contacts.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;

namespace Polku.Contacts.Access;

/// <summary>What a professional without a care relationship writes to open a resident's data as emergency access.</summary>
public sealed class EmergencyInput
{
    public string? Reason { get; set; }
    public bool Confirm { get; set; }
}

/// <summary>
/// The gate of every desk page that shows one resident's data (their cases, their timeline): a care relationship opens
/// it; without one, only a written reason and a confirmation do, and then the request's audit rows are flagged as
/// emergency access with the reason. The page shows nothing of the resident (not even the name) before the gate opens.
/// </summary>
internal sealed class ResidentAccessGate(ICareRelationship care, AuditScope audit, Texts texts)
{
    public const int MinReasonLength = 10;
    public const int MaxReasonLength = 500;

    /// <summary>Whether the professional may open the resident's data without a reason.</summary>
    public Task<bool> HasCareRelationshipAsync(Guid staffId, Guid residentId, CancellationToken ct) => care.ExistsAsync(staffId, residentId, ct);

    /// <summary>
    /// Checks the reason form (field errors under <c>Input.Reason</c> and <c>Input.Confirm</c>); when it holds, flags
    /// this request's audit rows as emergency access with the reason and answers true.
    /// </summary>
    public bool TryOpenInEmergency(EmergencyInput input, ModelStateDictionary modelState)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(modelState);
        var reason = input.Reason?.Trim();
        if (reason is null || reason.Length < MinReasonLength)
        {
            modelState.AddModelError("Input.Reason", texts["contacts.mine.desk_reason_required"]);
        }
        else if (reason.Length > MaxReasonLength)
        {
            modelState.AddModelError("Input.Reason", texts["error.too_long"]);
        }

        if (!input.Confirm)
        {
            modelState.AddModelError("Input.Confirm", texts["contacts.mine.desk_confirm_required"]);
        }

        if (!modelState.IsValid)
        {
            return false;
        }

        audit.Emergency = true;
        audit.Reason = reason;
        return true;
    }
}
