using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Polku.Tests.TestSupport;
using Xunit.Abstractions;

namespace Polku.Tests.Fuzz;

/// <summary>
/// Spec 08, "bad input never causes a 500": every OpenAPI operation and every form of every page, as a signed-out
/// visitor, a resident, a professional and (for the coordinator's pages) the coordinator, with a generated corpus of
/// hostile input. Fails on any 5xx and lists each failing request. One app per engine, shared by the audiences; the
/// corpus is bounded per field and deterministic. Prints, and appends to the file named by
/// <c>POLKU_FUZZ_SUMMARY</c> when set, one line per engine and audience: <c>fuzz sqlite resident: N requests, 0 5xx</c>.
/// </summary>
[Trait("Category", "Postgres")]
[Trait("Category", "Slow")]
public sealed class InputFuzzTests(ITestOutputHelper output)
{
    public const string SummaryVariable = "POLKU_FUZZ_SUMMARY";

    /// <summary>The app's clock: a Tuesday morning, so that demo slots and opening hours exist (no real date is used).</summary>
    private const string Tuesday10 = "2026-12-01T10:00:00+02:00";

    private static readonly Lock SummaryGate = new();

    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    /// <summary>
    /// What the OpenAPI document cannot say: bodies of operations that read free-form JSON, query parameters read by
    /// hand, and path values that make a request reach its handler. <c>{{name}}</c> takes a value of that name (or
    /// <c>id</c>) from an earlier answer. A new operation without an entry is still swept, with the body <c>{}</c>.
    /// </summary>
    private static readonly Dictionary<string, OperationSeed> Seeds = new(StringComparer.Ordinal)
    {
        ["GET /api/calendar/nonworking-days"] = new(Query: Map(("from", "2026-01-01"), ("to", "2026-12-31"))),
        ["GET /api/region/services"] = new(Query: Map(("q", "neuvola"))),
        ["GET /api/region/services/{code}"] = new(Path: Map(("code", "health-station")), Query: Map(("municipality", "638"))),
        ["GET /api/appointments/slots"] = new(Query: SlotQuery()),
        ["GET /api/appointments/slots/fhir"] = new(Query: SlotQuery()),
        ["GET /calendar/{token}.ics"] = new(Query: Map(("lang", "fi"))),
        ["GET /api/assessments/{id}"] = new(Path: Map(("id", "respiratory-infection"))),
        ["GET /api/assessments/{id}/fhir"] = new(Path: Map(("id", "respiratory-infection"))),
        ["POST /api/identity/validate-hetu"] = new(Body: """{"hetu":"131052-308T"}"""),
        ["POST /api/messages/threads"] = new(Body: """{"subject":"Kysymys","body":"Tarvitsen neuvoa.","residentId":"{{residentId}}","caseId":"{{caseId}}"}"""),
        ["POST /api/messages/threads/{threadId}/messages"] = new(Body: """{"body":"Kiitos vastauksesta."}"""),
        ["POST /api/assessments/{id}/evaluate"] = new(Path: Map(("id", "respiratory-infection")), Body: AssessmentBody),
        ["POST /api/assessments/{id}/responses"] = new(Path: Map(("id", "respiratory-infection")), Body: AssessmentBody),
        ["POST /api/routing/resolve"] = new(Body: """{"urgency":"P3","serviceCode":null,"municipality":"638","at":"2026-12-01T10:00:00+02:00"}"""),
        ["POST /api/appointments"] = new(Body: """{"slotId":"{{slotId}}"}"""),
        ["POST /api/appointments/{id}/cancel"] = new(Body: """{"reason":"Estyin."}"""),
        ["POST /api/callbacks"] = new(Body: """{"municipality":"638","serviceCode":"health-station","phone":"040 123 4567","window":{"from":"2026-12-01T12:00:00+02:00","to":"2026-12-01T13:00:00+02:00"}}"""),
        ["POST /api/desk/tasks/{taskId}/transfer"] = new(Body: """{"queueId":"{{queueId}}","note":"Siirto."}"""),
        ["POST /api/desk/tasks/{taskId}/reassign"] = new(Body: """{"assigneeId":"{{assigneeId}}"}"""),
        ["POST /api/desk/tasks/{taskId}/complete"] = new(Body: """{"outcome":"handled-digitally"}"""),
    };

    /// <summary>A complete, valid answer set of respiratory-infection 1.0.0, so that fuzzing one answer reaches the engine.</summary>
    private const string AssessmentBody = """
        {"answers":{"breathless-rest":false,"chest-pain":"no","confusion":false,"breathless-exertion":false,"fever":true,"temperature":38.5,
        "fever-days":2,"duration":3,"symptoms":["cough","aches"],"risk-group":["none"],"worse-again":false},
        "context":{"municipality":"638","at":"2026-12-01T10:00:00+02:00","age":42,"sex":"female"}}
        """;

    /// <summary>In sweep order: the professional's desk pages are read before the resident's sweep fills the queues.</summary>
    private enum Audience
    {
        Anonymous,
        Professional,
        Coordinator,
        Resident,

        /// <summary>The service manager: service management's pages (the service desk's and the manager's own).</summary>
        ServiceManager,
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task No_request_to_any_operation_or_form_gives_a_server_error(string engine)
    {
        var total = Stopwatch.StartNew();
        await using var app = new PolkuAppFactory(engine) { Time = new ManualTimeProvider(DateTimeOffset.Parse(Tuesday10, CultureInfo.InvariantCulture)) };
        var setup = new FuzzSession(app, engine, "setup");
        using var openApi = JsonDocument.Parse(await setup.Client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        setup.Dispose();
        var operations = ApiSweep.Read(openApi);
        var pages = await PageRoutes.LoadAsync(app.Services);
        var others = RouteSweep.Read(app.Services, operations);
        Assert.NotEmpty(operations);
        Assert.NotEmpty(pages.PostHandlers);

        var sessions = new List<(Audience Audience, FuzzSession Session, FormSweep Forms)>();
        var sweptReads = new HashSet<string>(StringComparer.Ordinal);
        var sweptPages = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var audience in Enum.GetValues<Audience>())
            {
                var session = new FuzzSession(app, engine, audience.ToString().ToLowerInvariant());
                var forms = new FormSweep(session, pages, sweptPages);
                sessions.Add((audience, session, forms));
                await SignInAsync(session, audience);
                session.Clock.Start();

                // The coordinator is a professional too: only the coordinator's own pages are swept for them.
                if (audience != Audience.Coordinator)
                {
                    await new ApiSweep(session, Seeds, sweptReads).RunAsync(operations);
                }

                // Sign-in, the language switch and channel links are public and read the same input for everyone.
                if (audience == Audience.Anonymous)
                {
                    await new RouteSweep(session).RunAsync(others);
                }

                await forms.RunAsync(StartPages(audience));
                session.Clock.Stop();
            }

            // A second crawl for the handlers not reached yet: later audiences made what they need (the resident's
            // bookings for the desk's appointment pages).
            var covered = sessions.SelectMany(s => s.Forms.Covered).ToHashSet(StringComparer.OrdinalIgnoreCase);
            var missing = pages.PostHandlers.Select(h => h.Key).Where(k => !covered.Contains(k)).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var (audience, session, _) in sessions.ToList())
            {
                var again = new FormSweep(session, pages, sweptPages) { Only = missing };
                session.Clock.Start();
                await again.RunAsync(StartPages(audience));
                session.Clock.Stop();
                covered.UnionWith(again.Covered);
                missing.ExceptWith(again.Covered);
            }

            // Handlers no crawled page offered a form to (the state they need never came up): built from the page's
            // descriptor, with route values seen while crawling, for every audience that may use them.
            var uncovered = pages.PostHandlers.Where(h => !covered.Contains(h.Key)).ToList();
            var routeValues = sessions.SelectMany(s => s.Forms.RouteValues).DistinctBy(v => v.Key, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase);
            var unreached = new List<string>();
            foreach (var handler in uncovered)
            {
                var reached = false;
                foreach (var (audience, session, forms) in sessions.Where(s => Allowed(s.Audience, handler.Template)))
                {
                    session.Clock.Start();
                    reached |= await forms.FuzzHandlerAsync(handler, routeValues);
                    session.Clock.Stop();
                }

                if (!reached)
                {
                    unreached.Add(handler.Key);
                }
            }

            var signedOut = new List<string>();
            foreach (var (audience, session, forms) in sessions)
            {
                if (audience != Audience.Anonymous && !await StillSignedInAsync(session, audience))
                {
                    signedOut.Add(session.Audience);
                }

                session.Clock.Start();
                await forms.RunDeferredAsync();
                session.Clock.Stop();
            }

            var lines = sessions.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"fuzz {engine} {s.Session.Audience}: {s.Session.Requests} requests, {s.Session.Failures.Count} 5xx")).ToList();
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"fuzz {engine}: {operations.Count} operations, {pages.PostHandlers.Count} page handlers ({uncovered.Count} built from descriptors), {others.Count} other endpoints, {total.Elapsed.TotalSeconds:0} s"));
            foreach (var line in lines)
            {
                output.WriteLine(line);
            }

            foreach (var (_, session, _) in sessions)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {session.Audience} ({session.Clock.Elapsed.TotalSeconds:0.0} s): ")
                    + string.Join(", ", session.ByKind.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Key} {k.Value.Requests} ({k.Value.Time.TotalSeconds:0.0} s)"))));
            }

            output.WriteLine("Built from descriptors: " + string.Join(", ", uncovered.Select(h => h.Key)));
            output.WriteLine("Other endpoints: " + string.Join(", ", others.Select(e => e.Method + " " + e.Pattern + (e.Fields.Count == 0 ? "" : " (" + string.Join(", ", e.Fields) + ")"))));
            WriteSummary(lines);

            var failures = sessions.SelectMany(s => s.Session.Failures).ToList();
            Assert.True(failures.Count == 0, $"{failures.Count} requests gave a server error:\n" + string.Join("\n", failures.Take(300)));
            Assert.True(unreached.Count == 0, "No audience could post to these page handlers: " + string.Join(", ", unreached));
            Assert.True(signedOut.Count == 0, "These sessions ended during the sweep, so part of it ran signed out: " + string.Join(", ", signedOut));
        }
        finally
        {
            foreach (var (_, session, _) in sessions)
            {
                session.Dispose();
            }
        }
    }

    private static async Task SignInAsync(FuzzSession session, Audience audience)
    {
        switch (audience)
        {
            case Audience.Resident:
                using (var callback = await SignIn.SignInAsResidentAsync(session.Client, "Maija Meikäläinen"))
                {
                    Assert.Equal(System.Net.HttpStatusCode.Redirect, callback.StatusCode);
                }

                break;
            case Audience.Professional:
                await SignIn.SignInAsStaffAsync(session.Client, "hoitaja.porvoo");
                break;
            case Audience.Coordinator:
                await SignIn.SignInAsStaffAsync(session.Client, "koordinaattori");
                break;
            case Audience.ServiceManager:
                await SignIn.SignInAsStaffAsync(session.Client, "palvelupaallikko");
                break;
        }

        session.Pin();
    }

    private static string[] StartPages(Audience audience) => audience switch
    {
        Audience.Anonymous => ["/", "/assessments", "/services?q=neuvola", "/login"],
        Audience.Resident => ["/me", "/me/messages", "/me/appointments", "/me/callbacks", "/assessments", "/appointments/book?service=oral-health"],
        Audience.Professional => ["/desk", "/desk/appointments", "/desk/templates", "/desk/waiting-room?unit=hs-638", "/service-requests",
            "/service-requests/REQ-000002/rating"],
        Audience.ServiceManager => ["/service/desk", "/service/tickets/new", "/service/tickets/INC-000001", "/service/tickets/CHG-000001", "/service/monitoring",
            "/service/notices/new", "/service/knowledge/new", "/service/knowledge/KB-0001", "/service/reports", "/service/catalogue/polku-desk", "/service/availability",
            "/service/priority-matrix"],
        _ => ["/admin", "/service/outbox"],
    };

    /// <summary>Which audiences try a page handler that no crawled form reached.</summary>
    private static bool Allowed(Audience audience, string template) => audience switch
    {
        Audience.Coordinator => CoordinatorOnly(template),
        Audience.ServiceManager => ServiceManagementOnly(template),
        _ => !CoordinatorOnly(template) && !ServiceManagementOnly(template),
    };

    /// <summary>Pages for the coordinator (the training coordinator's too; for the outbox also the service manager), which other audiences cannot post to.</summary>
    private static bool CoordinatorOnly(string template) =>
        template.StartsWith("admin", StringComparison.Ordinal) || template.StartsWith("training/admin", StringComparison.Ordinal)
        || template.StartsWith("service/outbox", StringComparison.Ordinal);

    /// <summary>Service management's pages (the service desk and the service manager), which other audiences cannot post to.</summary>
    private static bool ServiceManagementOnly(string template) =>
        template.StartsWith("service/", StringComparison.Ordinal) && !CoordinatorOnly(template);

    private static async Task<bool> StillSignedInAsync(FuzzSession session, Audience audience)
    {
        var probe = audience switch
        {
            Audience.Resident => "/api/me",
            Audience.Professional => "/api/desk/queues",
            Audience.ServiceManager => "/service/desk",
            _ => "/admin",
        };
        using var response = await session.Client.GetAsync(new Uri(probe, UriKind.Relative));
        return response.StatusCode == System.Net.HttpStatusCode.OK;
    }

    private static void WriteSummary(IEnumerable<string> lines)
    {
        if (Environment.GetEnvironmentVariable(SummaryVariable) is not { Length: > 0 } path)
        {
            return;
        }

        // Both engines' cases may finish at the same moment.
        lock (SummaryGate)
        {
            File.AppendAllLines(path, lines);
        }
    }

    private static Dictionary<string, string> Map(params (string Name, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

    private static Dictionary<string, string> SlotQuery() => Map(
        ("serviceCode", "health-station"), ("municipality", "638"), ("mode", "in-person"),
        ("from", "2026-12-01T08:00:00+02:00"), ("to", "2026-12-14T16:00:00+02:00"));
}
