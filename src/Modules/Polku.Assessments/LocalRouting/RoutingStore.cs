using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Data;
using Polku.Assessments.Domain.Routing;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Assessments.LocalRouting;

/// <summary>A refused save: the problems (the first gap among them) in the order the validator found them.</summary>
internal sealed record RoutingSaveResult(int? Number, IReadOnlyList<RoutingProblem> Problems, IReadOnlyList<RoutingJsonError> JsonErrors)
{
    public bool Saved => Number is not null;

    /// <summary>Refused because another version was saved after the one the change was based on.</summary>
    public bool Stale { get; init; }
}

/// <summary>
/// The county's local service routing table: every save is a new numbered version (who, when, why), the newest is
/// in force, and a table that has a hole or breaks a rule is never saved. The table in force is cached per node
/// and re-read when another node has saved a newer version.
/// </summary>
internal sealed class RoutingStore(IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (int Number, RoutingTable Table, DateTimeOffset CheckedAt)? _current;

    /// <summary>How long a node trusts its cached table before checking for a newer version.</summary>
    private static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    public async Task<(int Number, RoutingTable Table)> CurrentAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (_current is { } c && now - c.CheckedAt < Freshness)
        {
            return (c.Number, c.Table);
        }

        await _gate.WaitAsync(ct);
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var newest = await db.Set<RoutingTableVersion>().AsNoTracking().MaxAsync(v => (int?)v.Number, ct);
            if (_current is { } cached && cached.Number == newest)
            {
                _current = cached with { CheckedAt = now };
                return (cached.Number, cached.Table);
            }

            if (newest is null)
            {
                // Not seeded (a test host without demo data): route by the demo table, never by nothing.
                var demo = RoutingTableJson.Read(DemoJson()).Table!;
                _current = (0, demo, now);
                return (0, demo);
            }

            var json = await db.Set<RoutingTableVersion>().AsNoTracking().Where(v => v.Number == newest).Select(v => v.TableJson).FirstAsync(ct);
            var read = RoutingTableJson.Read(json);
            var table = read.Table ?? throw new InvalidOperationException($"Routing table version {newest} cannot be read: {string.Join("; ", read.Errors)}");
            _current = (newest.Value, table, now);
            return (newest.Value, table);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Validates and saves a new version; refused with the problems when the table has any.</summary>
    public Task<RoutingSaveResult> SaveAsync(RoutingTable table, Guid? actorId, string? actorName, string? note, CancellationToken ct) =>
        SaveAsync(table, null, actorId, actorName, note, ct);

    /// <summary>
    /// Validates and saves a new version made from version <paramref name="basedOn"/> (0: the unsaved demo table);
    /// refused as <see cref="RoutingSaveResult.Stale"/> when another version has been saved since, so an editor never
    /// overwrites a change they have not seen. Null skips the check.
    /// </summary>
    public async Task<RoutingSaveResult> SaveAsync(RoutingTable table, int? basedOn, Guid? actorId, string? actorName, string? note, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var units = scope.ServiceProvider.GetRequiredService<IUnitDirectory>();
        var municipalities = (await units.MunicipalitiesAsync(ct)).Select(m => m.Code).ToList();
        var newest = await db.Set<RoutingTableVersion>().MaxAsync(v => (int?)v.Number, ct) ?? 0;
        if (basedOn is { } based && based != newest)
        {
            return new RoutingSaveResult(null, [], []) { Stale = true };
        }

        var problems = table.Validate(municipalities);
        if (problems.Count > 0)
        {
            return new RoutingSaveResult(null, problems, []);
        }

        var json = RoutingTableJson.Write(table);
        var number = newest + 1;
        var unit = scope.ServiceProvider.GetRequiredService<UnitOfWork>();

        // Two coordinators saving at once: the unique version number lets only one of them win. With basedOn the loser
        // is told the change is stale (the page then shows the newest table); without it the exception propagates.
        try
        {
            await unit.RunAsync(_ =>
            {
                db.Set<RoutingTableVersion>().Add(new RoutingTableVersion
                {
                    Id = Guid.CreateVersion7(time.GetUtcNow()),
                    Number = number,
                    TableJson = json,
                    SavedById = actorId,
                    SavedByName = actorName,
                    Note = note is { Length: > 1000 } ? note[..1000] : note,
                    SavedUtc = time.GetUtcNow().UtcDateTime,
                });
                return Task.CompletedTask;
            }, ct);
        }
        catch (DbUpdateException) when (basedOn is not null)
        {
            if (await NewestAsync(ct) == newest)
            {
                throw;
            }

            return new RoutingSaveResult(null, [], []) { Stale = true };
        }

        _current = null;
        return new RoutingSaveResult(number, [], []);
    }

    private async Task<int> NewestAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        return await db.Set<RoutingTableVersion>().AsNoTracking().MaxAsync(v => (int?)v.Number, ct) ?? 0;
    }

    /// <summary>The saved versions, newest first.</summary>
    public async Task<IReadOnlyList<RoutingTableVersion>> HistoryAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        return await db.Set<RoutingTableVersion>().AsNoTracking().OrderByDescending(v => v.Number)
            .Select(v => new RoutingTableVersion { Id = v.Id, Number = v.Number, SavedById = v.SavedById, SavedByName = v.SavedByName, Note = v.Note, SavedUtc = v.SavedUtc })
            .Take(50).ToListAsync(ct);
    }

    /// <summary>Seeds the demo table as version 1 into an empty store.</summary>
    public static async Task SeedAsync(PolkuDb db, TimeProvider time, CancellationToken ct)
    {
        if (await db.Set<RoutingTableVersion>().AnyAsync(ct))
        {
            return;
        }

        db.Set<RoutingTableVersion>().Add(new RoutingTableVersion
        {
            Id = Guid.CreateVersion7(time.GetUtcNow()),
            Number = 1,
            TableJson = DemoJson(),
            SavedByName = "demo",
            Note = "Demo county routing (content/routing/demo-routing.json)",
            SavedUtc = time.GetUtcNow().UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The demo county's table, embedded from <c>content/routing/demo-routing.json</c>.</summary>
    internal static string DemoJson()
    {
        var assembly = typeof(RoutingStore).Assembly;
        using var stream = assembly.GetManifestResourceStream("routing/demo-routing.json")
            ?? throw new InvalidOperationException("The demo routing table is not embedded (content/routing/demo-routing.json).");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
