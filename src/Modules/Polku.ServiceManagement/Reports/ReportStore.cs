using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain.Availability;

namespace Polku.ServiceManagement.Reports;

/// <summary>A report as read back: the stored row (null for a live draft) and its content.</summary>
internal sealed record ReportView(ReportContent Content, Report? Stored, int Versions);

/// <summary>
/// Freezes closed months' reports: version 1 is the report as it stood when frozen, stored as canonical JSON with its
/// SHA-256; a correction (with a reason) is version N+1 carrying the previous version's hash. Nothing here updates a
/// stored row, and the model refuses it too: every column of <c>sm_reports</c> throws when changed after the insert.
/// </summary>
internal sealed class ReportStore(PolkuDb db, ReportBuilder builder, TimeProvider time)
{
    public const int MaxReasonLength = 2000;

    private static readonly JsonSerializerOptions Canonical = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    /// <summary>The content as canonical JSON: camelCase names in declaration order, no whitespace, invariant numbers.</summary>
    public static string ToJson(ReportContent content) => JsonSerializer.Serialize(content, Canonical);

    public static ReportContent FromJson(string json) => JsonSerializer.Deserialize<ReportContent>(json, Canonical)
        ?? throw new InvalidOperationException("A stored report has no content.");

    /// <summary>SHA-256 of the canonical JSON's UTF-8 bytes, as 64 lower-case hex digits.</summary>
    public static string Hash(string json) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));

    /// <summary>Whether the month has ended in Helsinki time.</summary>
    public bool Closed(int year, int month) => AvailabilityCalculator.MonthBounds(year, month).End <= time.GetUtcNow();

    /// <summary>Every stored version, newest month first, of one service or of all.</summary>
    public Task<List<Report>> VersionsAsync(string? serviceId, CancellationToken ct) =>
        db.Set<Report>().AsNoTracking()
            .Where(r => serviceId == null || r.ServiceId == serviceId)
            .OrderBy(r => r.ServiceId).ThenByDescending(r => r.Year).ThenByDescending(r => r.Month).ThenByDescending(r => r.Version)
            .ToListAsync(ct);

    /// <summary>One version (the newest when <paramref name="version"/> is null), or the live draft when none is stored; null for an unknown service.</summary>
    public async Task<ReportView?> ViewAsync(string serviceId, int year, int month, int? version, CancellationToken ct)
    {
        var stored = await db.Set<Report>().AsNoTracking()
            .Where(r => r.ServiceId == serviceId && r.Year == year && r.Month == month)
            .OrderByDescending(r => r.Version)
            .ToListAsync(ct);
        if (version is { } v)
        {
            return stored.FirstOrDefault(r => r.Version == v) is { } chosen ? new ReportView(FromJson(chosen.ContentJson), chosen, stored.Count) : null;
        }

        if (stored.Count > 0)
        {
            return new ReportView(FromJson(stored[0].ContentJson), stored[0], stored.Count);
        }

        return await builder.BuildAsync(serviceId, year, month, ct) is { } live ? new ReportView(live, null, 0) : null;
    }

    /// <summary>Freezes a closed month's report as version 1.</summary>
    public async Task<Result<Report>> FreezeAsync(string serviceId, int year, int month, Guid? by, CancellationToken ct)
    {
        if (!Closed(year, month))
        {
            return Error.Conflict("sm.reports.error.month_open");
        }

        if (await db.Set<Report>().AnyAsync(r => r.ServiceId == serviceId && r.Year == year && r.Month == month, ct))
        {
            return Error.Conflict("sm.reports.error.already_frozen");
        }

        return await StoreAsync(serviceId, year, month, 1, null, null, by, ct);
    }

    /// <summary>A correction: the report rebuilt from today's data as the next version, with the reason and the previous hash.</summary>
    public async Task<Result<Report>> CorrectAsync(string serviceId, int year, int month, string? reason, Guid? by, CancellationToken ct)
    {
        var text = reason?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return Error.Validation("sm.reports.error.reason_required", "reason");
        }

        if (text.Length > MaxReasonLength)
        {
            return Error.Validation("sm.reports.error.reason_too_long", "reason");
        }

        var latest = await db.Set<Report>().AsNoTracking()
            .Where(r => r.ServiceId == serviceId && r.Year == year && r.Month == month)
            .OrderByDescending(r => r.Version)
            .FirstOrDefaultAsync(ct);
        if (latest is null)
        {
            return Error.Conflict("sm.reports.error.not_frozen");
        }

        return await StoreAsync(serviceId, year, month, latest.Version + 1, latest.ContentHash, text, by, ct);
    }

    private async Task<Result<Report>> StoreAsync(string serviceId, int year, int month, int version, string? previousHash, string? reason, Guid? by, CancellationToken ct)
    {
        if (await builder.BuildAsync(serviceId, year, month, ct) is not { } content)
        {
            return Error.NotFound("sm.reports.error.unknown_service");
        }

        var json = ToJson(content);
        var report = new Report
        {
            Id = Guid.NewGuid(), ServiceId = serviceId, Year = year, Month = month, Version = version, CreatedUtc = time.GetUtcNow().UtcDateTime,
            CreatedBy = by, ContentJson = json, ContentHash = Hash(json), PreviousHash = previousHash, CorrectionReason = reason,
        };
        db.Set<Report>().Add(report);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone else stored this version first (the unique service, year, month, version index).
            db.ChangeTracker.Clear();
            return Error.Conflict(version == 1 ? "sm.reports.error.already_frozen" : "sm.reports.error.concurrent");
        }

        return report;
    }
}
