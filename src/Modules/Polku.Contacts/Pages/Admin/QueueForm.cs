using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Polku.Contacts.Data;
using Polku.Contacts.Domain;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Region.Contracts;
using Polku.Training.Contracts;

namespace Polku.Contacts.Pages.Admin;

/// <summary>The fields of a work queue as the create and edit forms post them: text, so that whatever was typed comes back.</summary>
internal sealed class QueueInput
{
    public int Version { get; set; }
    public string? Code { get; set; }
    public string? NameFi { get; set; }
    public string? NameSv { get; set; }
    public string? NameEn { get; set; }
    public string? UnitId { get; set; }
    public string? MunicipalityCode { get; set; }
    public string? ServiceCode { get; set; }
    public string? Channel { get; set; }
    public string? HoursUnitId { get; set; }
    public string? TargetP1 { get; set; }
    public string? TargetP2 { get; set; }
    public string? TargetP3 { get; set; }
    public string? TargetP4 { get; set; }

    /// <summary>"true" when the checkbox is checked; a string, so that a tampered value is simply "not checked".</summary>
    public string? Identified { get; set; }

    /// <summary>"true" when the checkbox is checked.</summary>
    public string? Closed { get; set; }

    /// <summary>The certificate kind members must hold; empty for none.</summary>
    public string? RequiredCertificate { get; set; }

    public static QueueInput From(WorkQueue q) => new()
    {
        Version = q.Version, Code = q.Code, NameFi = q.NameFi, NameSv = q.NameSv, NameEn = q.NameEn, UnitId = q.UnitId?.ToString("D"),
        MunicipalityCode = q.MunicipalityCode, ServiceCode = q.ServiceCode, Channel = q.Channel, HoursUnitId = q.HoursUnitId?.ToString("D"),
        TargetP1 = Number(q.TargetP1Minutes), TargetP2 = Number(q.TargetP2Minutes), TargetP3 = Number(q.TargetP3Minutes), TargetP4 = Number(q.TargetP4Minutes),
        Identified = q.Identified ? "true" : null, Closed = q.IsOpen ? null : "true", RequiredCertificate = q.RequiredCertificate,
    };

    private static string Number(int minutes) => minutes.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What the queue forms offer to choose from, in the reader's language.</summary>
internal sealed record QueuePickLists(
    IReadOnlyList<UnitInfo> Units, IReadOnlyList<MunicipalityInfo> Municipalities, IReadOnlyList<ServiceName> Services, IReadOnlyList<CertificateKind> CertificateKinds)
{
    public static async Task<QueuePickLists> LoadAsync(IUnitDirectory units, IServiceNames services, ICertificateRegistry certificates, CancellationToken ct)
    {
        var language = Language.Current;
        var unitList = (await units.ListAsync(ct)).OrderBy(u => u.Name.Get(language), StringComparer.CurrentCulture).ToList();
        var municipalities = (await units.MunicipalitiesAsync(ct)).ByName();
        var serviceList = (await services.AllAsync(ct)).Select(kv => new ServiceName(kv.Key, kv.Value))
            .OrderBy(s => s.Name.Get(language), StringComparer.CurrentCulture).ToList();
        var kinds = (await certificates.GetKindsAsync(ct)).OrderBy(k => k.Name(language), StringComparer.CurrentCulture).ToList();
        return new QueuePickLists(unitList, municipalities, serviceList, kinds);
    }

    public string UnitName(Guid? id) => Units.FirstOrDefault(u => u.Id == id)?.Name.Get(Language.Current) ?? "";

    public string MunicipalityName(string? code) => Municipalities.FirstOrDefault(m => m.Code == code)?.Name.Get(Language.Current) ?? "";

    public string CertificateName(string? code) => CertificateKinds.FirstOrDefault(k => k.Code == code)?.Name(Language.Current) ?? "";

    public string ServiceName(string? code) => Services.FirstOrDefault(s => s.Code == code)?.Name.Get(Language.Current) ?? "";
}

/// <summary>A page that shows the queue fields (<c>_QueueFields</c>).</summary>
internal interface IQueueForm
{
    bool IsNew { get; }

    QueueInput Input { get; }

    QueuePickLists Lists { get; }
}

internal static class QueueForm
{
    /// <summary>
    /// The draft the form describes. A unit id that is not an id, or a target that is not a whole number, is put on
    /// its field here; the rest is <see cref="QueueRules"/>' to judge.
    /// </summary>
    public static QueueDraft Draft(QueueInput input, ModelStateDictionary state, Texts texts, bool isNew)
    {
        Guid? Id(string? text, string field, string code)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (Guid.TryParse(text, out var id))
            {
                return id;
            }

            state.AddModelError("Input." + field, texts[code]);
            return null;
        }

        int? Minutes(string? text, string field)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return null;
            }

            if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var minutes))
            {
                return minutes;
            }

            state.AddModelError("Input." + field, texts["contacts.queues.target_number"]);
            return null;
        }

        var unit = Id(input.UnitId, nameof(QueueInput.UnitId), "contacts.queues.unit_unknown");
        var hours = Id(input.HoursUnitId, nameof(QueueInput.HoursUnitId), "contacts.queues.hours_unit_unknown");
        var p1 = Minutes(input.TargetP1, nameof(QueueInput.TargetP1));
        var p2 = Minutes(input.TargetP2, nameof(QueueInput.TargetP2));
        var p3 = Minutes(input.TargetP3, nameof(QueueInput.TargetP3));
        var p4 = Minutes(input.TargetP4, nameof(QueueInput.TargetP4));
        return new QueueDraft(isNew ? input.Code : null, input.NameFi, input.NameSv, input.NameEn, unit, input.MunicipalityCode, input.ServiceCode,
            input.Channel, hours, p1, p2, p3, p4, input.Identified == "true", input.Closed == "true",
            string.IsNullOrWhiteSpace(input.RequiredCertificate) ? null : input.RequiredCertificate.Trim());
    }

    /// <summary>
    /// Shows the rules' failures on their fields — except on a field that already has the form's own message (a
    /// target that was not a number is not also "required").
    /// </summary>
    public static void Show(ModelStateDictionary state, Texts texts, IEnumerable<Error> errors)
    {
        foreach (var error in errors)
        {
            var key = error.Field is { Length: > 0 } f ? "Input." + f : "";
            if (key.Length > 0 && state.TryGetValue(key, out var entry) && entry.Errors.Count > 0)
            {
                continue;
            }

            state.AddModelError(key, texts[error.Code]);
        }
    }
}
