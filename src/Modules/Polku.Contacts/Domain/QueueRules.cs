using System.Text.RegularExpressions;
using Polku.Contacts.Data;
using Polku.Platform.Results;

namespace Polku.Contacts.Domain;

/// <summary>A work queue as a coordinator typed it on the page or sent it to the API, before validation.</summary>
/// <param name="Code">Only when the queue is created; the code of an existing queue does not change.</param>
internal sealed record QueueDraft(
    string? Code, string? NameFi, string? NameSv, string? NameEn, Guid? UnitId, string? MunicipalityCode, string? ServiceCode, string? Channel,
    Guid? HoursUnitId, int? TargetP1, int? TargetP2, int? TargetP3, int? TargetP4, bool Identified, bool Closed, string? RequiredCertificate = null);

/// <summary>A work queue's fields after validation, ready to store.</summary>
internal sealed record QueueValues(
    string NameFi, string NameSv, string NameEn, Guid? UnitId, string? MunicipalityCode, string? ServiceCode, string Channel, Guid? HoursUnitId,
    int TargetP1, int TargetP2, int TargetP3, int TargetP4, bool Identified, bool Closed, string? RequiredCertificate = null);

/// <summary>What a queue may refer to: the county's units, municipalities and services as they are now.</summary>
internal sealed record QueueReferences(
    IReadOnlySet<Guid> UnitIds, IReadOnlySet<string> Municipalities, IReadOnlySet<string> Services, IReadOnlySet<string>? CertificateKinds = null);

/// <summary>
/// The rules of a work queue's fields (issue 16). Each failure names its field (<see cref="QueueDraft"/>'s property)
/// and a code that is a localised text:
/// <list type="bullet">
/// <item>code: 2–60 characters of lower-case letters a–z, digits and hyphens, starting with a letter or digit, not
/// <c>new</c> (<c>contacts.queues.code_required</c>, <c>contacts.queues.code_invalid</c>); a code is a stable key
/// other modules keep (an assessment remembers the queue it was sent to), so it is set once, at creation;</item>
/// <item>names in Finnish, Swedish and English: required, at most 200 characters, one line;</item>
/// <item>unit, hours unit, municipality and service: empty, or one the county has;</item>
/// <item>channel: <c>work</c> or <c>chat</c>; identified-only is a chat queue's setting;</item>
/// <item>required certificate: empty, or a certificate kind the Training module defines (<c>contacts.queues.certificate_unknown</c>);
/// a member must then hold a valid certificate of that kind (<see cref="Queues.QueueAdministration.AddMemberAsync"/>);</item>
/// <item>response targets P1–P4: whole minutes of service time from 1 to <see cref="MaxTargetMinutes"/>, and a more
/// urgent class never has a longer target than a less urgent one (P1 ≤ P2 ≤ P3 ≤ P4) — equal is allowed, for a queue
/// that answers everything alike. A break of the order is reported on the less urgent class, the one whose target is
/// too short.</item>
/// </list>
/// </summary>
internal static partial class QueueRules
{
    public const int NameMax = 200;

    /// <summary>About 200 working days of eight service hours: longer than any target a county sets.</summary>
    public const int MaxTargetMinutes = 100_000;

    /// <summary>Codes the pages use as words of their own addresses (<c>/admin/queues/new</c>).</summary>
    public static readonly IReadOnlySet<string> ReservedCodes = new HashSet<string>(StringComparer.Ordinal) { "new" };

    public static readonly IReadOnlyList<string> Channels = [QueueChannels.Work, QueueChannels.Chat];

    public static bool IsCode(string? code) => code is not null && CodePattern().IsMatch(code) && !ReservedCodes.Contains(code);

    /// <summary>Every failure of the draft (empty when valid) and, when valid, the values to store.</summary>
    public static (QueueValues? Values, IReadOnlyList<Error> Errors) Check(QueueDraft draft, QueueReferences references, bool isNew)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(references);
        var errors = new List<Error>();
        if (isNew)
        {
            var code = draft.Code?.Trim();
            if (string.IsNullOrEmpty(code))
            {
                errors.Add(Error.Validation("contacts.queues.code_required", nameof(QueueDraft.Code)));
            }
            else if (!IsCode(code))
            {
                errors.Add(Error.Validation("contacts.queues.code_invalid", nameof(QueueDraft.Code)));
            }
        }

        Name(errors, draft.NameFi, nameof(QueueDraft.NameFi));
        Name(errors, draft.NameSv, nameof(QueueDraft.NameSv));
        Name(errors, draft.NameEn, nameof(QueueDraft.NameEn));
        if (draft.UnitId is { } unit && !references.UnitIds.Contains(unit))
        {
            errors.Add(Error.Validation("contacts.queues.unit_unknown", nameof(QueueDraft.UnitId)));
        }

        var municipality = Blank(draft.MunicipalityCode);
        if (municipality is not null && !references.Municipalities.Contains(municipality))
        {
            errors.Add(Error.Validation("contacts.queues.municipality_unknown", nameof(QueueDraft.MunicipalityCode)));
        }

        var service = Blank(draft.ServiceCode);
        if (service is not null && !references.Services.Contains(service))
        {
            errors.Add(Error.Validation("contacts.queues.service_unknown", nameof(QueueDraft.ServiceCode)));
        }

        var channel = draft.Channel is { } c && Channels.Contains(c) ? c : null;
        if (channel is null)
        {
            errors.Add(Error.Validation("contacts.queues.channel_invalid", nameof(QueueDraft.Channel)));
        }

        if (draft.HoursUnitId is { } hours && !references.UnitIds.Contains(hours))
        {
            errors.Add(Error.Validation("contacts.queues.hours_unit_unknown", nameof(QueueDraft.HoursUnitId)));
        }

        int?[] targets = [draft.TargetP1, draft.TargetP2, draft.TargetP3, draft.TargetP4];
        string[] fields = [nameof(QueueDraft.TargetP1), nameof(QueueDraft.TargetP2), nameof(QueueDraft.TargetP3), nameof(QueueDraft.TargetP4)];
        var targetsValid = true;
        for (var i = 0; i < targets.Length; i++)
        {
            if (targets[i] is not { } minutes)
            {
                errors.Add(Error.Validation("contacts.queues.target_required", fields[i]));
                targetsValid = false;
            }
            else if (minutes is < 1 or > MaxTargetMinutes)
            {
                errors.Add(Error.Validation("contacts.queues.target_range", fields[i]));
                targetsValid = false;
            }
        }

        if (targetsValid)
        {
            for (var i = 1; i < targets.Length; i++)
            {
                if (targets[i] < targets[i - 1])
                {
                    errors.Add(Error.Validation("contacts.queues.target_order", fields[i]));
                    break;
                }
            }
        }

        var certificate = Blank(draft.RequiredCertificate);
        if (certificate is not null && references.CertificateKinds?.Contains(certificate) != true)
        {
            errors.Add(Error.Validation("contacts.queues.certificate_unknown", nameof(QueueDraft.RequiredCertificate)));
        }

        if (draft.Identified && channel != QueueChannels.Chat)
        {
            errors.Add(Error.Validation("contacts.queues.identified_chat_only", nameof(QueueDraft.Identified)));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        return (new QueueValues(draft.NameFi!.Trim(), draft.NameSv!.Trim(), draft.NameEn!.Trim(), draft.UnitId, municipality, service, channel!,
            draft.HoursUnitId, targets[0]!.Value, targets[1]!.Value, targets[2]!.Value, targets[3]!.Value, draft.Identified, draft.Closed, certificate), errors);
    }

    private static void Name(List<Error> errors, string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(Error.Validation("contacts.queues.name_required", field));
        }
        else if (value.Trim().Length > NameMax)
        {
            errors.Add(Error.Validation("contacts.queues.name_too_long", field));
        }
        else if (value.Any(char.IsControl))
        {
            errors.Add(Error.Validation("contacts.queues.name_invalid", field));
        }
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,59}\\z")]
    private static partial Regex CodePattern();
}
