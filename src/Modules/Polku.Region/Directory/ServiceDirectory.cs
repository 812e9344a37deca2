using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Region.Contracts;
using Polku.Region.Data;
using Polku.Region.Domain;

namespace Polku.Region.Directory;

internal sealed record MunicipalityView(string Code, LocalizedText Name, IReadOnlyList<string> Languages);

internal sealed record ServiceSummary(Guid Id, string Code, LocalizedText Name, LocalizedText Description);

/// <summary>A channel as a resident of one municipality sees it.</summary>
internal sealed record ChannelView(
    Guid Id, ChannelKind Kind, ChannelMode Mode, string? MunicipalityCode, LocalizedText? Label, string? Url, string? Phone,
    string? BuiltInLink, LocalizedText? UnitName);

/// <summary>Palveluhakemisto — search and browse services and resolve their channels per municipality.</summary>
internal sealed class ServiceDirectory(PolkuDb db, TimeProvider time, IEnumerable<IBuiltInChannelLinks> builtIn, IUnitDirectory units)
{
    public async Task<IReadOnlyList<MunicipalityView>> MunicipalitiesAsync(CancellationToken ct)
    {
        var rows = await db.Set<Municipality>().AsNoTracking().OrderBy(m => m.NameFi).ToListAsync(ct);
        return rows.Select(m => new MunicipalityView(m.Code, m.Name, m.Languages.Split(',', StringSplitOptions.RemoveEmptyEntries))).ToList();
    }

    public Task<bool> MunicipalityExistsAsync(string code, CancellationToken ct) => units.MunicipalityExistsAsync(code, ct);

    /// <summary>Services whose name, description or keywords contain every word of the query, in any language, ignoring case and accents.</summary>
    public async Task<IReadOnlyList<ServiceSummary>> SearchAsync(string? query, CancellationToken ct)
    {
        var all = await db.Set<Service>().AsNoTracking().OrderBy(s => s.SortOrder).ThenBy(s => s.Code).ToListAsync(ct);
        var words = Fold(query ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return all
            .Where(s => words.Length == 0 || words.All(Fold(string.Join(' ', s.NameFi, s.NameSv, s.NameEn, s.DescriptionFi, s.DescriptionSv, s.DescriptionEn, s.Keywords)).Contains))
            .Select(s => new ServiceSummary(s.Id, s.Code, s.Name, s.Description))
            .ToList();
    }

    public async Task<ServiceSummary?> FindAsync(string code, CancellationToken ct)
    {
        var s = await db.Set<Service>().AsNoTracking().FirstOrDefaultAsync(x => x.Code == code, ct);
        return s is null ? null : new ServiceSummary(s.Id, s.Code, s.Name, s.Description);
    }

    public async Task<IReadOnlyList<ChannelView>> ChannelsAsync(ServiceSummary service, string? municipalityCode, CancellationToken ct)
    {
        var rows = await db.Set<ServiceChannel>().AsNoTracking().Where(c => c.ServiceId == service.Id).ToListAsync(ct);
        var today = HelsinkiTime.LocalDate(time.GetUtcNow());
        var chosen = ChannelResolution.Resolve(rows.Select(r => new ChannelCandidate<ServiceChannel>(r, r.Kind.ToString(), r.MunicipalityCode, r.ValidFrom, r.ValidTo)), municipalityCode, today);
        var unitIds = chosen.Where(c => c.UnitId is not null).Select(c => c.UnitId!.Value).Distinct().ToList();
        var units = await db.Set<Unit>().AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, ct);
        return chosen
            .OrderBy(c => c.Kind)
            .Select(c => new ChannelView(
                c.Id, c.Kind, c.Mode, c.MunicipalityCode,
                c.LabelFi is null ? null : new LocalizedText(c.LabelFi, c.LabelSv ?? c.LabelFi, c.LabelEn ?? c.LabelFi),
                c.Url, c.Phone,
                c.Mode == ChannelMode.BuiltIn ? builtIn.Select(b => b.LinkFor(c.Kind.ToString(), service.Code, municipalityCode)).FirstOrDefault(l => l is not null) : null,
                c.UnitId is { } u && units.TryGetValue(u, out var name) ? name : null))
            .ToList();
    }

    public async Task<ServiceChannel?> ChannelAsync(Guid id, CancellationToken ct) =>
        await db.Set<ServiceChannel>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);

    public async Task<string?> ServiceCodeAsync(Guid serviceId, CancellationToken ct) =>
        await db.Set<Service>().Where(s => s.Id == serviceId).Select(s => s.Code).FirstOrDefaultAsync(ct);

    /// <summary>Lower-case, accents removed (ä→a, å→a, ö→o), so "lakari" finds "lääkäri".</summary>
    internal static string Fold(string text)
    {
        var normalized = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                sb.Append(char.IsLetterOrDigit(c) ? c : ' ');
            }
        }

        return sb.ToString();
    }
}
