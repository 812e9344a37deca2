using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Polku.Appointments.Contracts;
using Polku.Assessments.Contracts;
using Polku.Contacts.Contracts;
using Polku.Identity.Contracts;
using Polku.Platform;
using Polku.Region.Contracts;
using Polku.ServiceManagement.Contracts;
using Polku.Tests.TestSupport;
using Polku.Training.Contracts;

namespace Polku.Tests.Platform;

/// <summary>
/// Issue 11: a link across a module boundary uses the target module's route constant (<c>XRoutes</c> in its contracts);
/// inside a module, pages link with <c>asp-page</c>. Each constant must still lead to a route of the app, so a page that
/// moves without its constant fails here rather than as a dead link.
/// </summary>
public sealed class RouteConstantTests : IClassFixture<RouteConstantTests.App>
{
    private readonly App _app;

    public RouteConstantTests(App app) => _app = app;

    public sealed class App : IAsyncLifetime
    {
        public PolkuAppFactory Factory { get; } = new();

        public Task InitializeAsync()
        {
            _ = Factory.Services;
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    private static readonly Type[] RouteClasses =
        [typeof(RegionRoutes), typeof(IdentityRoutes), typeof(ContactsRoutes), typeof(AssessmentsRoutes), typeof(AppointmentsRoutes), typeof(ServiceManagementRoutes), typeof(TrainingRoutes)];

    /// <summary>Every address the route classes can make: their constants and, with sample values, their methods.</summary>
    private static IEnumerable<string> Addresses()
    {
        foreach (var type in RouteClasses)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                yield return (string)field.GetRawConstantValue()!;
            }
        }

        var id = Guid.NewGuid();
        yield return RegionRoutes.Service("health-station", "638");
        yield return IdentityRoutes.LoginReturningTo("/me");
        yield return IdentityRoutes.AdminStaffMember(id);
        yield return IdentityRoutes.AdminStaffEdit(id);
        yield return ContactsRoutes.DeskTask(id);
        yield return ContactsRoutes.DeskResident(id);
        yield return ContactsRoutes.DeskResidentTimeline(id);
        yield return ContactsRoutes.NewMessage("health-station");
        yield return ContactsRoutes.NewCallback("health-station");
        yield return AssessmentsRoutes.DeskResult(id);
        yield return AssessmentsRoutes.Assessment("respiratory-infection");
        yield return ContactsRoutes.ChatIn("638");
        yield return ContactsRoutes.Feedback("chat", id);
        yield return ContactsRoutes.MyFollowUpPlan(id);
        yield return ContactsRoutes.AdminQueue("hs-638");
        yield return ContactsRoutes.AdminQueueMembers("hs-638");
        yield return ContactsRoutes.DeskFollowUp(id);
        yield return ContactsRoutes.DeskFollowUpEnrolFromTask(id);
        yield return ContactsRoutes.DeskFollowUpEnrolFor(id, Guid.NewGuid(), "health-station");
        yield return AssessmentsRoutes.Result(id);
        yield return AppointmentsRoutes.BookForService("health-station", "638");
        yield return AppointmentsRoutes.BookFromAssessment(id, Guid.NewGuid());
        yield return AppointmentsRoutes.BookWithRight(id);
        yield return AppointmentsRoutes.DeskBookFor(id, Guid.NewGuid());
        yield return AppointmentsRoutes.DeskInvite(id);
        yield return ServiceManagementRoutes.Ticket("INC-000001");
        yield return ServiceManagementRoutes.MyRequest("INC-000001");
        yield return ServiceManagementRoutes.Attachment(id);
        yield return ServiceManagementRoutes.MyRequestRating("INC-000001");
        yield return TrainingRoutes.Programme("DIGI-CHAT");
        yield return TrainingRoutes.Course(id);
        yield return TrainingRoutes.Group(id);
        yield return TrainingRoutes.Exam(id);
        yield return TrainingRoutes.TrainerGroup(id);
        yield return TrainingRoutes.VerifyCode("K7QX2M9HRT");
        yield return TrainingRoutes.AdminMessage("enrolled");
        yield return TrainingRoutes.AdminGroupMessage(id);
        yield return TrainingRoutes.AdminProgrammeNew;
        yield return TrainingRoutes.AdminRooms;
        yield return TrainingRoutes.AdminProgramme("DIGI-CHAT");
        yield return TrainingRoutes.AdminCourseNew("DIGI-CHAT");
        yield return TrainingRoutes.AdminCourse(id);
        yield return TrainingRoutes.AdminGroupNew(id);
        yield return TrainingRoutes.AdminGroup(id);
        yield return TrainingRoutes.AdminRoom(id);
        yield return TrainingRoutes.TrainerGroupAttendanceCsv(id);
        yield return PolkuPlatform.OpenApiDocument;
    }

    [Fact]
    public void Every_route_constant_leads_to_a_route_of_the_app()
    {
        var addresses = Addresses().ToList();
        Assert.True(addresses.Count >= 24, $"only {addresses.Count} addresses");
        var dead = addresses.Where(a => !LeadsToRoute(a)).ToList();
        Assert.True(dead.Count == 0, "No route for: " + string.Join(", ", dead));
    }

    [Fact]
    public void A_route_matches_only_when_its_constraints_hold()
    {
        // /desk/appointments/{id:guid} would take any one segment if its constraint were ignored: a moved page such as
        // /desk/appointments/invite must not pass as that route.
        Assert.True(LeadsToRoute("/desk/appointments/" + Guid.NewGuid().ToString("D")));
        Assert.False(LeadsToRoute("/desk/appointments/no-such-page"));
        Assert.False(LeadsToRoute("/me/appointments/" + Guid.NewGuid().ToString("D") + "/no-such-page"));
    }

    /// <summary>Whether a route of the app matches the address's path, with its parameters' constraints (<c>guid</c> …) holding.</summary>
    private bool LeadsToRoute(string address)
    {
        var services = _app.Factory.Services;
        var policies = services.GetRequiredService<ParameterPolicyFactory>();
        var path = address.Split('?')[0];
        return services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().Any(e =>
        {
            var values = new RouteValueDictionary();
            var matcher = new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText!.TrimStart('/')), new RouteValueDictionary());
            return matcher.TryMatch(path, values) && e.RoutePattern.Parameters.All(p => p.ParameterPolicies.All(reference =>
                policies.Create(p, reference) is not IRouteConstraint constraint
                || constraint.Match(null, null, p.Name, values, RouteDirection.IncomingRequest)));
        });
    }

    [Fact]
    public void Route_methods_escape_their_values_as_the_literal_links_did()
    {
        Assert.Equal("/services/health-station?municipality=638", RegionRoutes.Service("health-station", "638"));
        Assert.Equal("/services/a%20b", RegionRoutes.Service("a b"));
        Assert.Equal("/login?returnUrl=%2Fassessments%3Fx%3D1", IdentityRoutes.LoginReturningTo("/assessments?x=1"));
        Assert.Equal("/me/callbacks/new?service=health-station", ContactsRoutes.NewCallback("health-station"));
        Assert.Equal("/service/tickets/INC-000001", ServiceManagementRoutes.Ticket("INC-000001"));
        Assert.Equal("/service-requests/a%2Fb", ServiceManagementRoutes.MyRequest("a/b"));
        Assert.Equal("/service/attachments/00000000-0000-0000-0000-000000000000", ServiceManagementRoutes.Attachment(Guid.Empty));
        Assert.Equal("/me/messages/new?service=health-station", ContactsRoutes.NewMessage("health-station"));
        var id = Guid.Parse("0b7d1c9e-5f3a-4e2b-9c1d-2a3b4c5d6e7f");
        Assert.Equal("/desk/tasks/0b7d1c9e-5f3a-4e2b-9c1d-2a3b4c5d6e7f", ContactsRoutes.DeskTask(id));
        Assert.Equal("/admin/staff/0b7d1c9e-5f3a-4e2b-9c1d-2a3b4c5d6e7f/edit", IdentityRoutes.AdminStaffEdit(id));
        Assert.Equal("/desk/residents/0b7d1c9e-5f3a-4e2b-9c1d-2a3b4c5d6e7f/timeline", ContactsRoutes.DeskResidentTimeline(id));
        Assert.Equal("/desk/assessments/0b7d1c9e-5f3a-4e2b-9c1d-2a3b4c5d6e7f", AssessmentsRoutes.DeskResult(id));
        Assert.Equal("/appointments/book?service=health-station&municipality=638", AppointmentsRoutes.BookForService("health-station", "638"));
        Assert.Equal("/appointments/book?service=a%20b", AppointmentsRoutes.BookForService("a b"));
        var slot = Guid.Parse("7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9");
        Assert.Equal("/appointments/book?assessment=0b7d1c9e-5f3a-4e2b-9c1d-2a3b4c5d6e7f", AppointmentsRoutes.BookFromAssessment(id));
        Assert.Equal("/appointments/book?assessment=0b7d1c9e-5f3a-4e2b-9c1d-2a3b4c5d6e7f&slot=7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9", AppointmentsRoutes.BookFromAssessment(id, slot));
        Assert.Equal("/appointments/book?right=0b7d1c9e-5f3a-4e2b-9c1d-2a3b4c5d6e7f", AppointmentsRoutes.BookWithRight(id));
        Assert.Equal("/desk/appointments/book?resident=0b7d1c9e-5f3a-4e2b-9c1d-2a3b4c5d6e7f&task=7e6d5c4b-3a29-4817-9605-f4e3d2c1b0a9", AppointmentsRoutes.DeskBookFor(id, slot));
        Assert.Equal("/desk/appointments/invite?task=0b7d1c9e-5f3a-4e2b-9c1d-2a3b4c5d6e7f", AppointmentsRoutes.DeskInvite(id));
        Assert.Equal("/service-requests/INC-000001/rating", ServiceManagementRoutes.MyRequestRating("INC-000001"));
        Assert.Equal("/service-requests/a%2Fb/rating", ServiceManagementRoutes.MyRequestRating("a/b"));
    }
}
