using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Domain.Sla;
using Polku.Tests.TestSupport;

namespace Polku.Tests.ServiceManagement;

/// <summary>
/// Seed 002's priority table (spec 06): all 16 cells of urgency × impact, on both engines, read from the database — so a
/// changed cell gives the new answer — and the API's answers and refusals.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class PriorityMatrixTests(PriorityMatrixTests.Apps apps) : IClassFixture<PriorityMatrixTests.Apps>
{
    /// <summary>One app per engine for the read-only cell checks (the changing tests make their own).</summary>
    public sealed class Apps : IAsyncLifetime
    {
        private readonly Dictionary<string, PolkuAppFactory> _byEngine = [];
        private readonly SemaphoreSlim _gate = new(1, 1);

        public async Task<PolkuAppFactory> ForAsync(string engine)
        {
            await _gate.WaitAsync();
            try
            {
                if (!_byEngine.TryGetValue(engine, out var app))
                {
                    _byEngine[engine] = app = new PolkuAppFactory(engine);
                    _ = app.Services;
                }

                return app;
            }
            finally
            {
                _gate.Release();
            }
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            foreach (var app in _byEngine.Values)
            {
                await app.DisposeAsync();
            }

            _gate.Dispose();
        }
    }

    /// <summary>Seed 002's table, written out here (not read from the seeder) — rows impact, columns urgency.</summary>
    private static readonly (string Impact, string Urgency, string Priority)[] Seed002 =
    [
        ("wide", "critical", "P1"), ("wide", "serious", "P1"), ("wide", "normal", "P2"), ("wide", "minor", "P4"),
        ("significant", "critical", "P1"), ("significant", "serious", "P2"), ("significant", "normal", "P3"), ("significant", "minor", "P4"),
        ("limiting", "critical", "P2"), ("limiting", "serious", "P2"), ("limiting", "normal", "P4"), ("limiting", "minor", "P4"),
        ("local", "critical", "P2"), ("local", "serious", "P3"), ("local", "normal", "P4"), ("local", "minor", "P4"),
    ];

    /// <summary>The 16 cells on each engine.</summary>
    public static TheoryData<string, string, string, string> Cells()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var engine in ((IEnumerable<object[]>)PolkuAppFactory.Engines).Select(row => (string)row[0]))
        {
            foreach (var (impact, urgency, priority) in Seed002)
            {
                data.Add(engine, impact, urgency, priority);
            }
        }

        return data;
    }

    private static async Task<HttpClient> DeskAsync(PolkuAppFactory app)
    {
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "tukipalvelu");
        return client;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Each_cell_of_seed_002s_table_gives_its_priority(string engine, string impact, string urgency, string expected)
    {
        var app = await apps.ForAsync(engine);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<PriorityMatrix>().PriorityAsync(impact, urgency, CancellationToken.None);
            Assert.Null(result.Error);
            Assert.Equal(expected, result.Value);
        }

        var client = await DeskAsync(app);
        var body = await client.GetFromJsonAsync<JsonObject>(new Uri($"/api/service-management/priority?impact={impact}&urgency={urgency}", UriKind.Relative));
        Assert.Equal(expected, body!["priority"]!.GetValue<string>());
    }

    [Fact]
    public void The_seeded_table_has_exactly_the_16_cells() =>
        Assert.Equal(Seed002.Order(), SmSeeder.DefaultMatrix().Select(c => (c.Impact, c.Urgency, c.Priority)).Order());

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_changed_cell_gives_the_new_priority_at_once(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = await DeskAsync(app);
        Assert.Equal("P4", (await client.GetFromJsonAsync<JsonObject>(new Uri("/api/service-management/priority?impact=local&urgency=normal", UriKind.Relative)))!["priority"]!.GetValue<string>());

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            Assert.Equal(1, await db.Set<PriorityCell>().Where(c => c.Impact == "local" && c.Urgency == "normal").ExecuteUpdateAsync(u => u.SetProperty(c => c.Priority, "P3")));
        }

        Assert.Equal("P3", (await client.GetFromJsonAsync<JsonObject>(new Uri("/api/service-management/priority?impact=local&urgency=normal", UriKind.Relative)))!["priority"]!.GetValue<string>());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Equal("P3", (await scope.ServiceProvider.GetRequiredService<PriorityMatrix>().PriorityAsync("local", "normal", CancellationToken.None)).Value);

            // The other cells are as they were.
            Assert.Equal("P4", (await scope.ServiceProvider.GetRequiredService<PriorityMatrix>().PriorityAsync("local", "minor", CancellationToken.None)).Value);

            // A cell that is missing (or holds no valid priority) is a stable conflict, not a guess.
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            await db.Set<PriorityCell>().Where(c => c.Impact == "wide" && c.Urgency == "minor").ExecuteDeleteAsync();
            var missing = await scope.ServiceProvider.GetRequiredService<PriorityMatrix>().PriorityAsync("wide", "minor", CancellationToken.None);
            Assert.Equal((PriorityMatrix.MissingCell, 409), (missing.Error?.Code, missing.Error?.Status));
        }
    }

    [Fact]
    public async Task Unknown_codes_are_a_localised_400_with_a_stable_code()
    {
        var app = await apps.ForAsync("sqlite");
        var client = await DeskAsync(app);
        var texts = app.Services.GetRequiredService<Texts>();
        foreach (var (query, code, field) in new[]
        {
            ("impact=huge&urgency=normal", "sm.sla.error.impact", "impact"),
            ("urgency=normal", "sm.sla.error.impact", "impact"),
            ("impact=Wide&urgency=normal", "sm.sla.error.impact", "impact"),
            ("impact=wide&urgency=P1", "sm.sla.error.urgency", "urgency"),
            ("impact=wide", "sm.sla.error.urgency", "urgency"),
        })
        {
            using var response = await client.GetAsync(new Uri("/api/service-management/priority?" + query, UriKind.Relative));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            Assert.Equal(code, problem["code"]!.GetValue<string>());
            Assert.Equal(field, problem["field"]!.GetValue<string>());
            Assert.Equal(texts.Get("fi", code), problem["title"]!.GetValue<string>());
        }

        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<PriorityMatrix>().PriorityAsync(null, "normal", CancellationToken.None);
        Assert.Equal(PriorityMatrix.UnknownImpact, result.Error?.Code);
    }
}
