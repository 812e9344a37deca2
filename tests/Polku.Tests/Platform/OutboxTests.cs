using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Polku.Platform.Journal;
using Polku.Platform.Observability;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

[Trait("Category", "Postgres")]
public sealed class OutboxTests
{
    public static TheoryData<string> Engines => PlatformTestDatabase.Engines;

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Enqueue_commits_only_with_the_business_transaction(string engine)
    {
        await using var database = await PlatformTestDatabase.CreateAsync(engine);
        var time = new ManualTimeProvider();
        var sender = new RecordingSender();
        await using var node = Node(database, time, sender);

        await BusinessTransactionAsync(database, time, commit: false);

        Assert.Equal(0, await Dispatcher(node).DispatchOnceAsync(CancellationToken.None));
        Assert.Empty(sender.Sends);

        await BusinessTransactionAsync(database, time, commit: true);

        Assert.Equal(1, await Dispatcher(node).DispatchOnceAsync(CancellationToken.None));
        var sent = Assert.Single(sender.Sends);
        Assert.Equal("anna@example.fi", sent.Recipient);
        Assert.Equal(0, await Dispatcher(node).DispatchOnceAsync(CancellationToken.None));
        Assert.Single(sender.Sends);

        await using var check = database.NewContext();
        var row = await check.Set<OutboxMessage>().SingleAsync();
        Assert.Equal(OutboxStatus.Sent, row.Status);
        Assert.Equal(time.GetUtcNow().UtcDateTime, row.SentUtc);
        Assert.Null(row.LeaseUntilUtc);
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Same_notification_is_never_enqueued_twice_for_a_recipient(string engine)
    {
        await using var database = await PlatformTestDatabase.CreateAsync(engine);
        var time = new ManualTimeProvider();
        await using (var db = database.NewContext())
        {
            var outbox = new Outbox(db, time);
            outbox.EnqueueSms("+358401234567", "Muistutus", "booking:b1:reminder");
            outbox.EnqueueSms("+358407654321", "Muistutus", "booking:b1:reminder");
            Assert.Null(await outbox.EnqueueIfAbsentAsync(OutboxChannel.Sms, "+358401234567", "booking:b1:reminder", "Muistutus"));
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            var outbox = new Outbox(db, time);
            Assert.Null(await outbox.EnqueueIfAbsentAsync(OutboxChannel.Sms, "+358401234567", "booking:b1:reminder", "Muistutus"));
            Assert.NotNull(await outbox.EnqueueIfAbsentAsync(OutboxChannel.Email, "anna@example.fi", "booking:b1:reminder", "Muistutus", "Muistutus"));
            await db.SaveChangesAsync();
        }

        await using (var db = database.NewContext())
        {
            new Outbox(db, time).EnqueueSms("+358401234567", "Muistutus", "booking:b1:reminder");
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        await using var check = database.NewContext();
        Assert.Equal(3, await check.Set<OutboxMessage>().CountAsync());
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Failures_retry_with_exponential_backoff_and_then_fail(string engine)
    {
        await using var database = await PlatformTestDatabase.CreateAsync(engine);
        var time = new ManualTimeProvider();
        var sender = new RecordingSender { Fail = _ => new InvalidOperationException("relay refused") };
        await using var node = Node(database, time, sender, o =>
        {
            o.MaxAttempts = 3;
            o.BaseBackoff = TimeSpan.FromSeconds(30);
        });
        var id = await EnqueueAsync(database, time, "backoff@example.fi", "k:backoff");
        var dispatcher = Dispatcher(node);

        Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        var row = await LoadAsync(database, id);
        Assert.Equal((OutboxStatus.Pending, 1), (row.Status, row.Attempts));
        Assert.Equal(time.GetUtcNow().UtcDateTime.AddSeconds(30), row.NextAttemptUtc);
        Assert.Contains("relay refused", row.LastError, StringComparison.Ordinal);

        // Not due yet.
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await dispatcher.DispatchOnceAsync(CancellationToken.None));

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        row = await LoadAsync(database, id);
        Assert.Equal((OutboxStatus.Pending, 2), (row.Status, row.Attempts));
        Assert.Equal(time.GetUtcNow().UtcDateTime.AddSeconds(60), row.NextAttemptUtc);

        time.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        row = await LoadAsync(database, id);
        Assert.Equal((OutboxStatus.Failed, 3), (row.Status, row.Attempts));

        time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(0, await dispatcher.DispatchOnceAsync(CancellationToken.None));
        Assert.Equal(3, sender.Sends.Count);
    }

    [Fact]
    public void Backoff_doubles_and_is_capped()
    {
        var o = new OutboxOptions { BaseBackoff = TimeSpan.FromSeconds(30), MaxBackoff = TimeSpan.FromHours(1) };
        Assert.Equal(TimeSpan.FromSeconds(30), o.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(60), o.Backoff(2));
        Assert.Equal(TimeSpan.FromSeconds(240), o.Backoff(4));
        Assert.Equal(TimeSpan.FromHours(1), o.Backoff(10));
        Assert.Equal(TimeSpan.FromHours(1), o.Backoff(1000));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Two_dispatchers_racing_send_each_message_exactly_once(string engine)
    {
        await using var database = await PlatformTestDatabase.CreateAsync(engine);
        var time = new ManualTimeProvider();
        var sender = new RecordingSender { Delay = TimeSpan.FromMilliseconds(1) };
        await using var nodeA = Node(database, time, sender, o => o.BatchSize = 5);
        await using var nodeB = Node(database, time, sender, o => o.BatchSize = 5);
        const int count = 60;
        await using (var db = database.NewContext())
        {
            var outbox = new Outbox(db, time);
            for (var i = 0; i < count; i++)
            {
                outbox.EnqueueEmail($"r{i}@example.fi", "Aihe", "Teksti", $"race:{i}");
            }

            await db.SaveChangesAsync();
        }

        var dispatchers = new[] { Dispatcher(nodeA), Dispatcher(nodeB) };
        var rounds = 0;
        while (true)
        {
            var handled = await Task.WhenAll(dispatchers.Select(d => Task.Run(() => d.DispatchOnceAsync(CancellationToken.None))));
            if (handled.Sum() == 0 || ++rounds > 100)
            {
                break;
            }
        }

        Assert.Equal(count, sender.Sends.Count);
        Assert.Equal(count, sender.Sends.Select(s => s.Id).Distinct().Count());
        await using var check = database.NewContext();
        Assert.Equal(count, await check.Set<OutboxMessage>().CountAsync(m => m.Status == OutboxStatus.Sent && m.Attempts == 1));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_crash_after_sending_resends_after_the_lease_with_the_same_idempotency_key(string engine)
    {
        await using var database = await PlatformTestDatabase.CreateAsync(engine);
        var time = new ManualTimeProvider();
        var recorded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var hanging = new RecordingSender { Hang = true, OnSend = () => recorded.TrySetResult() };
        var healthy = new RecordingSender();
        await using var crashing = Node(database, time, hanging, o => o.LeaseDuration = TimeSpan.FromMinutes(10));
        await using var survivor = Node(database, time, healthy, o => o.LeaseDuration = TimeSpan.FromMinutes(10));
        var id = await EnqueueAsync(database, time, "crash@example.fi", "k:crash");

        // Node A hands the message to the relay and "dies" before it can mark it Sent.
        using (var crash = new CancellationTokenSource())
        {
            var round = Dispatcher(crashing).DispatchOnceAsync(crash.Token);
            await recorded.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await crash.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => round);
        }

        var row = await LoadAsync(database, id);
        Assert.Equal(OutboxStatus.Sending, row.Status);

        // While the lease holds nobody touches it; afterwards node B sends it again, with the same key.
        Assert.Equal(0, await Dispatcher(survivor).DispatchOnceAsync(CancellationToken.None));
        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await Dispatcher(survivor).DispatchOnceAsync(CancellationToken.None));

        var keys = hanging.Sends.Concat(healthy.Sends).Where(s => s.Id == id).Select(s => s.Key).ToList();
        Assert.Equal(2, keys.Count);
        Assert.Single(keys.Distinct());
        Assert.Equal(id.ToString("D"), keys[0]);
        row = await LoadAsync(database, id);
        Assert.Equal((OutboxStatus.Sent, 2), (row.Status, row.Attempts));
        Assert.Equal(0, await Dispatcher(survivor).DispatchOnceAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Model_matches_the_migrated_outbox_table(string engine)
    {
        await using var database = await PlatformTestDatabase.CreateAsync(engine);
        await using var db = database.NewContext();
        var entity = db.Model.FindEntityType(typeof(OutboxMessage))!;
        var table = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table("platform_outbox_messages");
        var expected = entity.GetProperties()
            .Select(p => (Name: p.GetColumnName(table)!, Type: p.GetColumnType(table).ToUpperInvariant(), Nullable: p.IsColumnNullable(table)))
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ToList();

        var actual = new List<(string Name, string Type, bool Nullable)>();
        var conn = db.Database.GetDbConnection();
        await conn.OpenAsync();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = database.IsPostgres
                ? """
                  SELECT column_name, CASE WHEN data_type = 'character varying' THEN 'character varying(' || character_maximum_length || ')'
                         WHEN data_type = 'timestamp with time zone' THEN 'timestamp with time zone' ELSE data_type END, is_nullable = 'YES'
                  FROM information_schema.columns WHERE table_name = 'platform_outbox_messages'
                  """
                : "SELECT name, type, \"notnull\" = 0 FROM pragma_table_info('platform_outbox_messages')";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                actual.Add((reader.GetString(0), reader.GetString(1).ToUpperInvariant(), reader.GetBoolean(2)));
            }
        }

        Assert.Equal(expected, actual.OrderBy(c => c.Name, StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Smtp_adapter_delivers_with_the_deterministic_message_id()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var server = RunTinySmtpServerAsync(listener, timeout.Token);

        var message = NewMessage(OutboxChannel.Email, "anna@example.fi", "Uusi viesti Polussa", "Hei! Sinulle on uusi viesti.");
        message.AttachmentName = "aika.ics";
        message.AttachmentContentType = "text/calendar";
        message.AttachmentBase64 = Convert.ToBase64String("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"u8.ToArray());
        var sender = new SmtpEmailSender(Options.Create(new OutboxOptions
        {
            Email = new EmailOptions { Mode = EmailMode.Smtp, Host = "127.0.0.1", Port = port, EnableSsl = false, From = "Polku <no-reply@polku.test>" },
        }));
        await sender.SendAsync(message, timeout.Token);

        var (envelope, data) = await server;
        Assert.Contains("MAIL FROM:<no-reply@polku.test>", envelope, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("RCPT TO:<anna@example.fi>", envelope, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"Message-ID: <{message.Id:D}@polku>", data, StringComparison.Ordinal);
        Assert.Contains("Subject: Uusi viesti Polussa", data, StringComparison.Ordinal);
        Assert.Contains("aika.ics", data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_sms_adapter_posts_with_the_idempotency_key()
    {
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/sms/");
        listener.Start();
        var received = new ConcurrentQueue<(string Method, string? Key, string? Auth, string ContentType, string Body)>();
        var status = HttpStatusCode.Accepted;
        var serve = Task.Run(async () =>
        {
            while (listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await listener.GetContextAsync();
                }
                catch (HttpListenerException)
                {
                    return;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
                received.Enqueue((ctx.Request.HttpMethod, ctx.Request.Headers["Idempotency-Key"], ctx.Request.Headers["Authorization"],
                    ctx.Request.ContentType ?? "", await reader.ReadToEndAsync()));
                ctx.Response.StatusCode = (int)status;
                ctx.Response.Close();
            }
        });

        using var http = new HttpClient();
        var sender = new HttpSmsSender(http, Options.Create(new OutboxOptions
        {
            Sms = new SmsOptions { Mode = SmsMode.Http, Url = $"http://127.0.0.1:{port}/sms/send", Token = "s3cret" },
        }));
        var message = NewMessage(OutboxChannel.Sms, "+358401234567", null, "Ajanvarauksesi on huomenna klo 9.00.");
        await sender.SendAsync(message, CancellationToken.None);

        var request = Assert.Single(received);
        Assert.Equal("POST", request.Method);
        Assert.Equal(message.Id.ToString("D"), request.Key);
        Assert.Equal("Bearer s3cret", request.Auth);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("+358401234567", json.RootElement.GetProperty("to").GetString());
        Assert.Equal("Ajanvarauksesi on huomenna klo 9.00.", json.RootElement.GetProperty("text").GetString());

        status = HttpStatusCode.ServiceUnavailable;
        await Assert.ThrowsAsync<HttpRequestException>(() => sender.SendAsync(message, CancellationToken.None));
        listener.Stop();
        await serve;
    }

    [Fact]
    public async Task Pickup_stand_ins_write_one_file_per_message()
    {
        var folder = Path.Combine(Path.GetTempPath(), "polku-pickup-" + Guid.NewGuid().ToString("N"));
        try
        {
            var database = Options.Create(new DatabaseOptions { DataFolder = folder });
            var email = NewMessage(OutboxChannel.Email, "anna@example.fi", "Aihe", "Teksti");
            var sms = NewMessage(OutboxChannel.Sms, "+358401234567", null, "Teksti");
            var emailSender = new PickupFolderEmailSender(database);
            var smsSender = new PickupFolderSmsSender(database);
            await emailSender.SendAsync(email, CancellationToken.None);
            await emailSender.SendAsync(email, CancellationToken.None);
            await smsSender.SendAsync(sms, CancellationToken.None);

            var files = Directory.GetFiles(Path.Combine(folder, "outbox-pickup"));
            Assert.Equal(2, files.Length);
            var eml = await File.ReadAllTextAsync(Assert.Single(files, f => f.EndsWith(".eml", StringComparison.Ordinal)));
            Assert.Contains($"Message-ID: <{email.Id:D}@polku>", eml, StringComparison.Ordinal);
            var json = await File.ReadAllTextAsync(Assert.Single(files, f => f.EndsWith(".sms.json", StringComparison.Ordinal)));
            Assert.Contains(sms.Id.ToString("D"), json, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Production_without_explicit_modes_fails_at_start_up()
    {
        var production = new HostingEnvironment { EnvironmentName = "Production" };
        var validator = new OutboxOptionsValidator(production);
        var result = validator.Validate(null, new OutboxOptions());
        Assert.True(result.Failed);
        Assert.Contains("Outbox:Email:Mode", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Outbox:Sms:Mode", result.FailureMessage, StringComparison.Ordinal);

        var configured = new OutboxOptions
        {
            Email = new EmailOptions { Mode = EmailMode.Smtp, Host = "smtp.example.fi", From = "no-reply@example.fi" },
            Sms = new SmsOptions { Mode = SmsMode.Http, Url = "https://sms.example.fi/send" },
        };
        Assert.True(validator.Validate(null, configured).Succeeded);
        Assert.False(configured.StandInsActive(production));

        var development = new HostingEnvironment { EnvironmentName = "Development" };
        Assert.True(new OutboxOptionsValidator(development).Validate(null, new OutboxOptions()).Succeeded);
        Assert.True(new OutboxOptions().StandInsActive(development));
    }

    /// <summary>A business change and its notification in one explicit transaction, as a module would write them.</summary>
    private static async Task BusinessTransactionAsync(PlatformTestDatabase database, TimeProvider time, bool commit)
    {
        await using var db = database.NewContext();
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.ServiceEvents.Add(BusinessChange(time));
            new Outbox(db, time).EnqueueEmail("anna@example.fi", "Uusi viesti", "Sinulle on uusi viesti Polussa.", "message:t1:m1");
            await db.SaveChangesAsync();
            if (commit)
            {
                await tx.CommitAsync();
            }
            else
            {
                await tx.RollbackAsync();
            }
        });
        db.ChangeTracker.Clear();
    }

    private static ServiceEvent BusinessChange(TimeProvider time) => new()
    {
        Id = Guid.NewGuid(),
        AtUtc = time.GetUtcNow().UtcDateTime,
        Type = "message.sent",
        Channel = "message",
        Digital = true,
    };

    private static OutboxMessage NewMessage(OutboxChannel channel, string recipient, string? subject, string body) => new()
    {
        Id = Guid.NewGuid(),
        CreatedUtc = new DateTime(2025, 3, 10, 8, 0, 0, DateTimeKind.Utc),
        Channel = channel,
        Recipient = recipient,
        Subject = subject,
        Body = body,
        DedupeKey = "test:" + Guid.NewGuid(),
    };

    private static async Task<Guid> EnqueueAsync(PlatformTestDatabase database, TimeProvider time, string to, string key)
    {
        await using var db = database.NewContext();
        var message = new Outbox(db, time).EnqueueEmail(to, "Aihe", "Teksti", key);
        await db.SaveChangesAsync();
        return message.Id;
    }

    private static async Task<OutboxMessage> LoadAsync(PlatformTestDatabase database, Guid id)
    {
        await using var db = database.NewContext();
        return await db.Set<OutboxMessage>().AsNoTracking().SingleAsync(m => m.Id == id);
    }

    /// <summary>One "node": its own service provider, contexts and dispatcher over the shared database.</summary>
    private static ServiceProvider Node(PlatformTestDatabase database, TimeProvider time, RecordingSender sender, Action<OutboxOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddSingleton(PlatformTestDatabase.Catalog);
        services.AddDbContext<PolkuDb>(o => Polku.Platform.PolkuPlatform.ConfigureDatabase(o, database.Options, PlatformTestDatabase.Catalog));
        services.AddSingleton<IEmailSender>(sender);
        services.AddSingleton<ISmsSender>(sender);
        services.AddOptions<OutboxOptions>().Configure(o => configure?.Invoke(o));
        services.AddSingleton<OutboxDispatcher>();
        services.AddPolkuMetrics();
        return services.BuildServiceProvider();
    }

    private static OutboxDispatcher Dispatcher(IServiceProvider node) => node.GetRequiredService<OutboxDispatcher>();

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Speaks just enough SMTP for one message; returns the envelope commands and the DATA text.</summary>
    private static async Task<(string Envelope, string Data)> RunTinySmtpServerAsync(TcpListener listener, CancellationToken ct)
    {
        using var client = await listener.AcceptTcpClientAsync(ct);
        await using var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        var envelope = new StringBuilder();
        var data = new StringBuilder();
        var inData = false;
        await writer.WriteLineAsync("220 localhost tiny test SMTP");
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (inData)
            {
                if (line == ".")
                {
                    inData = false;
                    await writer.WriteLineAsync("250 2.0.0 queued");
                }
                else
                {
                    data.Append(line).Append('\n');
                }

                continue;
            }

            envelope.Append(line).Append('\n');
            var verb = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (verb)
            {
                case "EHLO" or "HELO":
                    await writer.WriteLineAsync("250 localhost");
                    break;
                case "DATA":
                    inData = true;
                    await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return (envelope.ToString(), data.ToString());
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }

        return (envelope.ToString(), data.ToString());
    }

    /// <summary>A fake e-mail and SMS service that records every attempt with its idempotency key.</summary>
    private sealed class RecordingSender : IEmailSender, ISmsSender
    {
        public ConcurrentQueue<(Guid Id, string Key, string Recipient)> Sends { get; } = new();
        public Func<OutboxMessage, Exception?>? Fail { get; init; }
        public TimeSpan Delay { get; init; }
        public bool Hang { get; init; }
        public Action? OnSend { get; init; }

        public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
        {
            Sends.Enqueue((message.Id, message.Channel == OutboxChannel.Email ? ExtractKey(OutboxIdempotency.MessageId(message)) : OutboxIdempotency.Key(message), message.Recipient));
            OnSend?.Invoke();
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, cancellationToken);
            }

            if (Hang)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            if (Fail?.Invoke(message) is { } e)
            {
                throw e;
            }
        }

        private static string ExtractKey(string messageId) => messageId.TrimStart('<').Split('@')[0];
    }
}
