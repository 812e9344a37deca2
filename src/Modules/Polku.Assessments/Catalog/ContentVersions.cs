using Microsoft.EntityFrameworkCore;
using Polku.Assessments.Data;
using Polku.Assessments.Domain.Content;
using Polku.Platform.Persistence;

namespace Polku.Assessments.Catalog;

/// <summary>
/// Keeps published versions immutable: the first time a version is served its content hash is recorded, and a
/// published version whose file later hashes differently stops the application. Responses name the exact version
/// they were answered against, so a silently edited version would change what an old answer meant.
/// </summary>
internal static class ContentVersions
{
    public static async Task VerifyAsync(PolkuDb db, AssessmentCatalog catalog, TimeProvider time, CancellationToken ct)
    {
        var known = await db.Set<AssessmentVersionRecord>().AsNoTracking().ToDictionaryAsync(r => (r.AssessmentId, r.Version), ct);
        var changed = new List<string>();
        foreach (var a in catalog.All)
        {
            var published = a.Definition.Status == AssessmentStatus.Published;
            if (known.TryGetValue((a.Id, a.Version), out var record))
            {
                if (record.Published && record.ContentHash != a.Definition.ContentHash)
                {
                    changed.Add($"  {a.Id} {a.Version}: published {record.FirstLoadedUtc:yyyy-MM-dd} with hash {record.ContentHash}, the file now hashes {a.Definition.ContentHash}");
                }
                else if (!record.Published && (published || record.ContentHash != a.Definition.ContentHash))
                {
                    // A draft may change freely until it is published; the hash of the published text is the one kept.
                    await db.Set<AssessmentVersionRecord>()
                        .Where(r => r.AssessmentId == a.Id && r.Version == a.Version)
                        .ExecuteUpdateAsync(s => s.SetProperty(r => r.ContentHash, a.Definition.ContentHash).SetProperty(r => r.Published, published), ct);
                }

                continue;
            }

            db.Set<AssessmentVersionRecord>().Add(new AssessmentVersionRecord
            {
                AssessmentId = a.Id,
                Version = a.Version,
                ContentHash = a.Definition.ContentHash,
                Published = published,
                FirstLoadedUtc = time.GetUtcNow().UtcDateTime,
            });
        }

        if (changed.Count > 0)
        {
            throw new InvalidOperationException(
                "Published assessment versions are immutable, but these files changed; publish the change as a new version:"
                + Environment.NewLine + string.Join(Environment.NewLine, changed));
        }

        await db.SaveChangesAsync(ct);
    }
}
