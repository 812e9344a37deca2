using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;
using Polku.Tests.TestSupport;
using Xunit.Abstractions;

namespace Polku.Tests.Platform.Nodes;

/// <summary>
/// Crash safety for real (spec 08, "Reliability"): the application runs as a child process under write load and is
/// killed with SIGKILL while it is delivering notifications; started again on the same database, it must have kept
/// every write it acknowledged and deliver every pending notification exactly once per recipient.
/// </summary>
[Trait("Category", "Postgres")]
[Trait("Category", "Slow")]
public sealed class CrashTests(ITestOutputHelper output)
{
    private const int Workers = 6;
    private const int AcknowledgedBeforeKill = 30;

    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Killed_mid_load_the_app_loses_no_acknowledged_write_and_delivers_each_notification_once(string engine)
    {
        var total = Stopwatch.StartNew();
        await using var database = await ChildDatabase.CreateAsync(engine);
        await using var gateway = await FakeSmsGateway.StartAsync();
        var port = AppProcess.FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        var environment = new Dictionary<string, string>(database.Settings)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = baseUrl.ToString().TrimEnd('/'),
            ["DOTNET_hostBuilder__reloadConfigOnChange"] = "false",
            ["Identity__DemoStaffLogin__Enabled"] = "true",
            ["Site__PublicBaseUrl"] = baseUrl.ToString().TrimEnd('/'),
            ["RateLimits__SignIn__PermitLimit"] = "1000000",
            ["RateLimits__Message__PermitLimit"] = "1000000",
            ["Appointments__HousekeepingEnabled"] = "false",
            ["Outbox__DispatcherEnabled"] = "true",
            ["Outbox__Sms__Mode"] = "Http",
            ["Outbox__Sms__Url"] = gateway.Url.ToString(),
            ["Outbox__Email__Mode"] = "Pickup",
            ["Outbox__PollInterval"] = "00:00:00.200",
            // Short leases so that what the crash left "Sending" is taken again within seconds, not ten minutes.
            ["Outbox__LeaseDuration"] = "00:00:05",
            ["Outbox__BaseBackoff"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
        };

        // The production order: `migrate` first, as its own process. It must not need (or create) data-protection keys.
        using (var migrate = AppProcess.Start(environment, "migrate"))
        {
            Assert.True(await migrate.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, migrate.Log);
        }

        Assert.Equal(0L, await database.ScalarAsync("SELECT COUNT(*) FROM platform_data_protection_keys"));
        Assert.True(await database.ScalarAsync("SELECT COUNT(*) FROM schema_migrations") > 0);

        var acknowledged = new ConcurrentDictionary<Guid, Guid>();
        var unexpected = new ConcurrentQueue<string>();
        var run = AppProcess.Start(environment);
        try
        {
            var started = Stopwatch.StartNew();
            await run.WaitHealthyAsync(baseUrl, TimeSpan.FromMinutes(2));
            output.WriteLine($"[{engine}] first start (migrated, demo county seeded): {started.ElapsedMilliseconds} ms");

            using var nurse = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(30) };
            // As a browser on Polku's own pages does: signed-in API changes must come from the public origin.
            nurse.DefaultRequestHeaders.Add("Origin", baseUrl.GetLeftPart(UriPartial.Authority));
            var (_, token) = await SignIn.GetFormAsync(nurse, "/login");
            using (var login = await SignIn.PostFormAsync(nurse, "/login?handler=Staff", token, [new("login", "hoitaja.porvoo"), new("returnUrl", "/")]))
            {
                Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
            }

            var threads = (await nurse.GetFromJsonAsync<JsonElement>(new Uri("/api/messages/threads", UriKind.Relative)))
                .EnumerateArray().Select(t => t.GetProperty("id").GetGuid()).ToList();
            Assert.NotEmpty(threads);

            // Professionals answer residents' threads; each answer is a message row and an SMS (and e-mail) to the resident.
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var thread = threads[(w + i) % threads.Count];
                    try
                    {
                        using var body = JsonContent.Create(new { body = $"Vastaus {w}-{i}" });
                        using var response = await nurse.PostAsync(new Uri($"/api/messages/threads/{thread}/messages", UriKind.Relative), body);
                        if (response.StatusCode != HttpStatusCode.Created)
                        {
                            unexpected.Enqueue($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                            return;
                        }

                        // "Saved": from here on the write must survive anything.
                        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
                        acknowledged[id] = thread;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                    {
                        return; // The process is gone; whatever was in flight was never acknowledged.
                    }
                }
            })).ToList();

            var waited = Stopwatch.StartNew();
            while (acknowledged.Count < AcknowledgedBeforeKill)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(90), $"Only {acknowledged.Count} acknowledged writes.\n{run.Log}");
                Assert.True(unexpected.IsEmpty, string.Join("\n", unexpected));
                await Task.Delay(10);
            }

            // Kill while the gateway is answering a delivery: that SMS has reached the gateway, its row is not yet "Sent".
            await gateway.HoldNextAsync().WaitAsync(TimeSpan.FromSeconds(60));
            run.KillHard();
            gateway.Release();
            await stop.CancelAsync();
            await Task.WhenAll(load);
            Assert.True(unexpected.IsEmpty, string.Join("\n", unexpected));
            output.WriteLine($"[{engine}] killed (SIGKILL) after {acknowledged.Count} acknowledged writes; the gateway had {gateway.Requests.Count} requests");
        }
        finally
        {
            run.Dispose();
        }

        // Start again on the same database and let the outbox drain.
        using (var again = AppProcess.Start(environment))
        {
            var restarted = Stopwatch.StartNew();
            await again.WaitHealthyAsync(baseUrl, TimeSpan.FromMinutes(2));
            output.WriteLine($"[{engine}] restart: {restarted.ElapsedMilliseconds} ms");
            var draining = Stopwatch.StartNew();
            while (await database.ScalarAsync("SELECT COUNT(*) FROM platform_outbox_messages WHERE status IN ('Pending', 'Sending')") > 0)
            {
                Assert.True(draining.Elapsed < TimeSpan.FromSeconds(60), "The outbox did not drain after the restart.\n" + again.Log);
                await Task.Delay(200);
            }

            output.WriteLine($"[{engine}] outbox drained {draining.ElapsedMilliseconds} ms after the restart");
        }

        // Every acknowledged write is in the database.
        var staffMessages = (await database.QueryAsync("SELECT id FROM contacts_messages WHERE sender_kind = 'Staff'", r => ParseGuid(r.GetValue(0)))).ToHashSet();
        Assert.All(acknowledged.Keys, id => Assert.Contains(id, staffMessages));
        var committedUnacknowledged = staffMessages.Count - acknowledged.Count;

        // Every notification is sent; nothing failed or is left waiting.
        var outbox = await database.QueryAsync("SELECT id, channel, recipient, dedupe_key, status, attempts FROM platform_outbox_messages", r => new OutboxRow(
            ParseGuid(r.GetValue(0)), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), Convert.ToInt32(r.GetValue(5), CultureInfo.InvariantCulture)));
        Assert.All(outbox, m => Assert.Equal("Sent", m.Status));

        // The notification of every acknowledged write reached the gateway.
        var sms = outbox.Where(m => m.Channel == "Sms").ToList();
        foreach (var id in acknowledged.Keys)
        {
            var row = Assert.Single(sms, m => m.DedupeKey == $"message:{id}");
            Assert.True(gateway.Delivered.ContainsKey(row.Id.ToString("D")), $"The SMS of acknowledged message {id} never reached the gateway.");
        }

        // Exactly one delivery per outbox message and recipient: every request carried the key of a real message, and
        // the distinct keys are exactly the messages. A re-send after the crash carried the key it had before.
        Assert.Equal(sms.Select(m => m.Id.ToString("D")).Order(StringComparer.Ordinal), gateway.Delivered.Keys.Order(StringComparer.Ordinal));
        Assert.All(sms, m => Assert.Equal(m.Recipient, gateway.Delivered[m.Id.ToString("D")].To));
        Assert.All(gateway.Requests, r => Assert.Contains(r.IdempotencyKey, gateway.Delivered.Keys));
        var delivered = gateway.Delivered.Count;
        var resends = gateway.Requests.Count - delivered;
        Assert.True(resends >= 1, "The kill landed while the gateway was answering, so at least that SMS must have been sent again after the restart.");

        // E-mail went to the pickup folder (development), one file per message id however often it was attempted.
        var emails = outbox.Where(m => m.Channel == "Email").ToList();
        var files = Directory.GetFiles(Path.Combine(database.DataFolder, "outbox-pickup"), "*.eml").Select(f => Path.GetFileNameWithoutExtension(f)[^32..]).ToList();
        Assert.Equal(emails.Select(m => m.Id.ToString("N")).Order(StringComparer.Ordinal), files.Order(StringComparer.Ordinal));

        output.WriteLine($"[{engine}] acknowledged writes: {acknowledged.Count}; committed but unacknowledged (in flight at the kill): {committedUnacknowledged}");
        output.WriteLine($"[{engine}] SMS outbox messages: {sms.Count}; delivered (distinct keys): {delivered}; gateway requests: {gateway.Requests.Count}; re-sends caused by the crash: {resends}");
        output.WriteLine($"[{engine}] messages attempted more than once: {sms.Count(m => m.Attempts > 1)}; e-mails: {emails.Count}; total {total.ElapsedMilliseconds} ms");
    }

    private static Guid ParseGuid(object value) => value is Guid g ? g : Guid.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!);

    private sealed record OutboxRow(Guid Id, string Channel, string Recipient, string DedupeKey, string Status, int Attempts);

    /// <summary>The child's database: a new PostgreSQL database (dropped afterwards) or a SQLite file in a temporary folder.</summary>
    private sealed class ChildDatabase : IAsyncDisposable
    {
        private readonly string? _admin;
        private readonly string? _name;
        private readonly string _connectionString;

        private ChildDatabase(string folder, string connectionString, string? admin, string? name, IReadOnlyDictionary<string, string> settings)
        {
            DataFolder = folder;
            _connectionString = connectionString;
            _admin = admin;
            _name = name;
            Settings = settings;
        }

        public string DataFolder { get; }

        public IReadOnlyDictionary<string, string> Settings { get; }

        private bool IsPostgres => _name is not null;

        public static async Task<ChildDatabase> CreateAsync(string engine)
        {
            var folder = Path.Combine(Path.GetTempPath(), "polku-crash-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            if (engine != "postgres")
            {
                return new ChildDatabase(folder, $"Data Source={Path.Combine(folder, "polku.db")};Default Timeout=30;Pooling=False", null, null,
                    new Dictionary<string, string> { ["Database__Provider"] = "Sqlite", ["Database__DataFolder"] = folder });
            }

            var admin = PolkuAppFactory.PostgresConnectionString
                ?? throw new InvalidOperationException($"{PolkuAppFactory.PostgresVariable} must be set: CI=true requires the PostgreSQL tests to run.");
            var name = "polku_crash_" + Guid.NewGuid().ToString("N")[..16];
            await using (var conn = new NpgsqlConnection(admin))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
                await cmd.ExecuteNonQueryAsync();
            }

            var cs = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = false }.ConnectionString;
            return new ChildDatabase(folder, cs, admin, name, new Dictionary<string, string>
            {
                ["Database__Provider"] = "Postgres",
                ["Database__ConnectionString"] = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString,
                ["Database__DataFolder"] = folder,
            });
        }

        private DbConnection Open() => IsPostgres ? new NpgsqlConnection(_connectionString) : new SqliteConnection(_connectionString);

        public async Task<long> ScalarAsync(string sql)
        {
            await using var conn = Open();
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
        }

        public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read)
        {
            await using var conn = Open();
            await conn.OpenAsync();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = sql;
            await using var reader = await cmd.ExecuteReaderAsync();
            var list = new List<T>();
            while (await reader.ReadAsync())
            {
                list.Add(read(reader));
            }

            return list;
        }

        public async ValueTask DisposeAsync()
        {
            if (_name is not null)
            {
                await using var conn = new NpgsqlConnection(_admin);
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", conn);
                await cmd.ExecuteNonQueryAsync();
            }

            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
                // The OS cleans the temp folder later.
            }
        }
    }
}
