using Polku.Tests.TestSupport;
using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;


namespace Polku.Tests.Platform;

/// <summary>
/// Every route has a declared audience, and each audience is enforced: anonymous users, residents and professionals
/// get only what is theirs. A new route without an entry in <see cref="Routes"/> fails this test, so nobody can add a
/// page or endpoint without deciding who may use it (spec 08).
/// </summary>
public sealed class AuthorizationMatrixTests(PolkuAppFactory factory) : IClassFixture<PolkuAppFactory>
{
    private enum Audience
    {
        Public,
        Resident,
        Staff,
        Coordinator,
        Signedin,

        /// <summary>The service manager and the coordinator (the service's own state).</summary>
        ServiceManagement,

        /// <summary>The control tower: the organiser, the service manager and the coordinator (policy <c>control-tower</c>).</summary>
        ControlTower,

        /// <summary>Service management of the digital services: the service manager and the service desk (policy <c>service-desk</c>).</summary>
        ServiceDesk,

        /// <summary>The service manager alone, not the service desk (policy <c>service-manager</c>): the priority matrix.</summary>
        ServiceManager,

        /// <summary>The trainer's pages: trainers and the coordinator (policy <c>training-trainer</c>).</summary>
        Trainer,
    }

    /// <summary>Route pattern → who may use it, and a concrete URL to try it with (null: not a GET).</summary>
    private static readonly Dictionary<string, (Audience Audience, string? Sample)> Routes = new(StringComparer.Ordinal)
    {
        ["/"] = (Audience.Public, "/"),
        ["accessibility"] = (Audience.Public, "/accessibility"),
        ["services"] = (Audience.Public, "/services?q=neuvola"),
        ["services/{code}"] = (Audience.Public, "/services/health-station?municipality=638"),
        ["error/{code:int?}"] = (Audience.Public, "/error/404"),
        ["forbidden"] = (Audience.Public, "/forbidden"),
        ["login"] = (Audience.Public, "/login"),
        ["logout"] = (Audience.Public, null),
        ["language/{code}"] = (Audience.Public, "/language/sv"),
        ["go/{channelId:guid}"] = (Audience.Public, "/go/00000000-0000-0000-0000-000000000000"),
        ["test-idp/authorize"] = (Audience.Public, "/test-idp/authorize"),
        ["test-idp/.well-known/openid-configuration"] = (Audience.Public, "/test-idp/.well-known/openid-configuration"),
        ["test-idp/jwks"] = (Audience.Public, "/test-idp/jwks"),
        ["test-idp/token"] = (Audience.Public, null),
        // Public, but answers 401 to anyone without the provider's access token (UserInfoTests).
        ["test-idp/userinfo"] = (Audience.Public, null),
        ["login/{provider}"] = (Audience.Public, "/login/test"),
        ["test-idp/endsession"] = (Audience.Public, "/test-idp/endsession"),
        ["oidc/{provider}/jwks"] = (Audience.Public, "/oidc/test/jwks"),
        ["api/region/municipalities"] = (Audience.Public, "/api/region/municipalities"),
        ["api/region/services"] = (Audience.Public, "/api/region/services"),
        ["api/region/services/{code}"] = (Audience.Public, "/api/region/services/health-station"),
        ["api/calendar/nonworking-days"] = (Audience.Public, "/api/calendar/nonworking-days?from=2026-01-01&to=2026-12-31"),
        ["api/identity/validate-hetu"] = (Audience.Public, null),
        ["openapi/{documentName}.json"] = (Audience.Public, "/openapi/v1.json"),
        ["health"] = (Audience.Public, "/health"),
        ["health/live"] = (Audience.Public, "/health/live"),
        ["health/ready"] = (Audience.Public, "/health/ready"),
        // Only when Observability:Prometheus:Enabled, and then only for the configured networks (ObservabilityTests).
        ["metrics"] = (Audience.Public, null),
        ["service/outbox"] = (Audience.ServiceManagement, "/service/outbox"),
        ["tower"] = (Audience.ControlTower, "/tower?from=2026-01-01&to=2026-01-31"),
        ["tower/definitions"] = (Audience.ControlTower, "/tower/definitions?kpi=nps"),
        ["tower/savings"] = (Audience.ControlTower, "/tower/savings"),
        ["tower/imports"] = (Audience.ControlTower, "/tower/imports"),
        ["tower/feedback"] = (Audience.ControlTower, "/tower/feedback?q=hyv%C3%A4"),
        ["api/control-tower/kpis"] = (Audience.ControlTower, "/api/control-tower/kpis?from=2026-01-01&to=2026-01-31"),
        ["api/control-tower/kpis.csv"] = (Audience.ControlTower, "/api/control-tower/kpis.csv?from=2026-01-01&to=2026-01-31"),
        ["api/control-tower/imports/contacts"] = (Audience.ControlTower, null),
        ["service/monitoring"] = (Audience.ServiceDesk, "/service/monitoring"),
        ["api/service-management/monitoring"] = (Audience.ServiceDesk, "/api/service-management/monitoring"),
        ["api/service-management/events"] = (Audience.ServiceDesk, "/api/service-management/events?limit=5"),
        // A development stand-in of an external service's health URL: mapped only in Development (MonitoringTests).
        ["dev/stand-ins/{service}/health"] = (Audience.Public, "/dev/stand-ins/omaolo/health"),
        ["api/service-management/sla/due"] = (Audience.ServiceDesk, null),
        ["api/service-management/priority"] = (Audience.ServiceDesk, "/api/service-management/priority?impact=wide&urgency=normal"),
        ["dev/outbox"] = (Audience.Public, "/dev/outbox"),
        ["dev/design"] = (Audience.Public, "/dev/design"),
        ["status"] = (Audience.Public, "/status"),
        ["api/status"] = (Audience.Public, "/api/status?lang=sv"),
        ["service/notices"] = (Audience.ServiceDesk, "/service/notices"),
        ["service/notices/{id}"] = (Audience.ServiceDesk, "/service/notices/new"),
        ["service/knowledge"] = (Audience.ServiceDesk, "/service/knowledge?q=omaolo"),
        ["service/knowledge/{number}"] = (Audience.ServiceDesk, "/service/knowledge/KB-0001"),
        ["api/service-management/knowledge/"] = (Audience.ServiceDesk, "/api/service-management/knowledge?q=omaolo"),
        ["api/service-management/knowledge/{number}"] = (Audience.ServiceDesk, "/api/service-management/knowledge/KB-0001"),
        ["me"] = (Audience.Resident, "/me"),
        ["me/access-log"] = (Audience.Resident, "/me/access-log"),
        ["api/me"] = (Audience.Resident, "/api/me"),
        ["me/messages"] = (Audience.Resident, "/me/messages"),
        ["me/messages/new"] = (Audience.Resident, "/me/messages/new"),
        ["me/messages/{threadId:guid}"] = (Audience.Resident, "/me/messages/00000000-0000-0000-0000-000000000000"),
        ["desk/threads/{threadId:guid}"] = (Audience.Staff, "/desk/threads/00000000-0000-0000-0000-000000000000"),
        ["desk/threads/new"] = (Audience.Staff, "/desk/threads/new?caseId=00000000-0000-0000-0000-000000000000"),
        ["assessments"] = (Audience.Public, "/assessments"),
        ["assessments/{id}"] = (Audience.Public, "/assessments/respiratory-infection"),
        ["assessments/{id}/answer"] = (Audience.Public, "/assessments/respiratory-infection/answer?municipality=638"),
        ["assessments/results/{responseId:guid}"] = (Audience.Public, "/assessments/results/00000000-0000-0000-0000-000000000000"),
        ["api/assessments"] = (Audience.Public, "/api/assessments"),
        ["api/assessments/{id}"] = (Audience.Public, "/api/assessments/respiratory-infection"),
        ["api/assessments/{id}/fhir"] = (Audience.Public, "/api/assessments/respiratory-infection/fhir"),
        ["api/assessments/{id}/evaluate"] = (Audience.Public, null),
        ["api/assessments/{id}/responses"] = (Audience.Public, null),
        ["api/routing/resolve"] = (Audience.Public, null),
        ["api/appointments/slots"] = (Audience.Public, "/api/appointments/slots?serviceCode=health-station&municipality=638"),
        ["api/appointments/"] = (Audience.Resident, null),
        ["api/appointments/{id:guid}/cancel"] = (Audience.Resident, null),
        ["api/appointments/{id:guid}/ics"] = (Audience.Resident, "/api/appointments/00000000-0000-0000-0000-000000000000/ics"),
        ["api/appointments/mine"] = (Audience.Resident, "/api/appointments/mine"),
        ["api/appointments/slots/fhir"] = (Audience.Public, "/api/appointments/slots/fhir?serviceCode=health-station&municipality=638"),
        ["api/appointments/{id:guid}/fhir"] = (Audience.Resident, "/api/appointments/00000000-0000-0000-0000-000000000000/fhir"),
        ["api/desk/appointments/{id:guid}/fhir"] = (Audience.Staff, "/api/desk/appointments/00000000-0000-0000-0000-000000000000/fhir"),
        ["calendar/{token}.ics"] = (Audience.Public, "/calendar/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA.ics"),
        ["desk/calendar-feed"] = (Audience.Staff, "/desk/calendar-feed"),
        ["appointments/{id:guid}/join"] = (Audience.Resident, "/appointments/00000000-0000-0000-0000-000000000000/join"),
        ["desk/waiting-room"] = (Audience.Staff, "/desk/waiting-room?unit=hs-638"),
        ["video/{roomId}"] = (Audience.Signedin, "/video/00000000000000000000000000000000"),
        ["appointments/book"] = (Audience.Resident, "/appointments/book?service=oral-health"),
        ["appointments/book/{appointmentId:guid}"] = (Audience.Resident, "/appointments/book/00000000-0000-0000-0000-000000000000"),
        ["appointments/{appointmentId:guid}/booked"] = (Audience.Resident, "/appointments/00000000-0000-0000-0000-000000000000/booked"),
        ["me/appointments"] = (Audience.Resident, "/me/appointments"),
        ["me/appointments/{appointmentId:guid}/cancel"] = (Audience.Resident, "/me/appointments/00000000-0000-0000-0000-000000000000/cancel"),
        ["me/appointments/{appointmentId:guid}/reschedule"] = (Audience.Resident, "/me/appointments/00000000-0000-0000-0000-000000000000/reschedule"),
        ["desk/assessments/{responseId:guid}"] = (Audience.Staff, "/desk/assessments/00000000-0000-0000-0000-000000000000"),
        ["api/desk/assessments/{responseId:guid}/fhir"] = (Audience.Staff, "/api/desk/assessments/00000000-0000-0000-0000-000000000000/fhir"),
        ["desk/templates"] = (Audience.Staff, "/desk/templates"),
        ["desk/templates/{id}"] = (Audience.Staff, "/desk/templates/new"),
        ["api/messages/threads"] = (Audience.Signedin, "/api/messages/threads"),
        ["api/messages/threads/{threadId:guid}"] = (Audience.Signedin, "/api/messages/threads/00000000-0000-0000-0000-000000000000"),
        ["api/messages/threads/{threadId:guid}/messages"] = (Audience.Signedin, null),
        ["messages/attachments/{id:guid}"] = (Audience.Signedin, "/messages/attachments/00000000-0000-0000-0000-000000000000"),
        ["events"] = (Audience.Signedin, null),
        ["desk"] = (Audience.Staff, "/desk"),
        ["desk/profile"] = (Audience.Staff, "/desk/profile"),
        ["desk/queues/{queueId:guid}"] = (Audience.Staff, "/desk/queues/00000000-0000-0000-0000-000000000000"),
        ["desk/tasks/{taskId:guid}"] = (Audience.Staff, "/desk/tasks/00000000-0000-0000-0000-000000000000"),
        ["api/desk/queues"] = (Audience.Staff, "/api/desk/queues"),
        ["api/desk/queues/{queueId:guid}/tasks"] = (Audience.Staff, "/api/desk/queues/00000000-0000-0000-0000-000000000000/tasks"),
        ["api/desk/tasks/{taskId:guid}"] = (Audience.Staff, "/api/desk/tasks/00000000-0000-0000-0000-000000000000"),
        ["api/desk/tasks/{taskId:guid}/claim"] = (Audience.Staff, null),
        ["api/desk/tasks/{taskId:guid}/release"] = (Audience.Staff, null),
        ["api/desk/tasks/{taskId:guid}/transfer"] = (Audience.Staff, null),
        ["api/desk/tasks/{taskId:guid}/reassign"] = (Audience.Staff, null),
        ["api/desk/tasks/{taskId:guid}/complete"] = (Audience.Staff, null),
        ["me/callbacks"] = (Audience.Resident, "/me/callbacks"),
        ["me/callbacks/new"] = (Audience.Resident, "/me/callbacks/new?service=health-station"),
        ["me/cases"] = (Audience.Resident, "/me/cases"),
        ["api/callbacks"] = (Audience.Resident, "/api/callbacks"),
        ["api/callbacks/{id:guid}"] = (Audience.Resident, "/api/callbacks/00000000-0000-0000-0000-000000000000"),
        ["api/me/cases"] = (Audience.Resident, "/api/me/cases"),
        ["desk/callbacks/{id:guid}"] = (Audience.Staff, "/desk/callbacks/00000000-0000-0000-0000-000000000000"),
        ["desk/residents/{residentId:guid}"] = (Audience.Staff, "/desk/residents/00000000-0000-0000-0000-000000000000"),
        ["desk/residents/{residentId:guid}/timeline"] = (Audience.Staff, "/desk/residents/00000000-0000-0000-0000-000000000000/timeline?kind=case"),
        ["admin"] = (Audience.Coordinator, "/admin"),
        ["admin/services"] = (Audience.Coordinator, "/admin/services"),
        ["admin/services/{code}"] = (Audience.Coordinator, "/admin/services/health-station"),
        ["admin/channels/{id}"] = (Audience.Coordinator, "/admin/channels/new?service=health-station"),
        ["admin/municipalities"] = (Audience.Coordinator, "/admin/municipalities"),
        ["admin/municipalities/{code}"] = (Audience.Coordinator, "/admin/municipalities/638"),
        ["admin/units"] = (Audience.Coordinator, "/admin/units"),
        ["admin/units/{code}"] = (Audience.Coordinator, "/admin/units/hs-638"),
        ["admin/units/{code}/hours"] = (Audience.Coordinator, "/admin/units/hs-638/hours"),
        ["admin/routing"] = (Audience.Coordinator, "/admin/routing"),
        // Staff administration: county-wide and unit-scoped coordinators (the scope itself: StaffAdminTests).
        ["admin/staff"] = (Audience.Coordinator, "/admin/staff?q=hoitaja"),
        ["admin/staff/new"] = (Audience.Coordinator, "/admin/staff/new"),
        ["admin/staff/import"] = (Audience.Coordinator, "/admin/staff/import"),
        ["admin/staff/roles"] = (Audience.Coordinator, "/admin/staff/roles"),
        // A person's id is the database's; StaffAdminTests opens them as each coordinator and refuses a nurse.
        ["admin/staff/{id:guid}"] = (Audience.Coordinator, null),
        ["admin/staff/{id:guid}/edit"] = (Audience.Coordinator, null),
        ["api/admin/staff/"] = (Audience.Coordinator, "/api/admin/staff?status=all"),
        ["api/admin/staff/import"] = (Audience.Coordinator, null),
        ["admin/routing/simulate"] = (Audience.Coordinator, "/admin/routing/simulate?urgency=P3&municipality=638&date=2026-06-16&time=10:00"),
        ["admin/routing/week"] = (Audience.Coordinator, "/admin/routing/week?municipality=638&urgency=P3&week=2026-06-15"),
        ["admin/routing/rows/{id}"] = (Audience.Coordinator, "/admin/routing/rows/p3-638-booking"),
        ["desk/appointments"] = (Audience.Staff, "/desk/appointments"),
        ["desk/appointments/book"] = (Audience.Staff, "/desk/appointments/book?resident=00000000-0000-0000-0000-000000000000"),
        ["desk/appointments/invite"] = (Audience.Staff, "/desk/appointments/invite?task=00000000-0000-0000-0000-000000000000"),
        ["desk/appointments/{id:guid}"] = (Audience.Staff, "/desk/appointments/00000000-0000-0000-0000-000000000000"),
        ["desk/appointments/block"] = (Audience.Staff, "/desk/appointments/block?unit=hs-638"),
        ["desk/appointments/schedules/{id:guid?}"] = (Audience.Staff, "/desk/appointments/schedules"),
        ["admin/schedules"] = (Audience.Coordinator, "/admin/schedules"),
        ["admin/schedules/{id}"] = (Audience.Coordinator, "/admin/schedules/new"),
        ["chat"] = (Audience.Public, "/chat"),
        ["chat/{id:guid}"] = (Audience.Public, "/chat/00000000-0000-0000-0000-000000000000"),
        ["me/chats"] = (Audience.Resident, "/me/chats"),
        ["me/chats/{id:guid}"] = (Audience.Resident, "/me/chats/00000000-0000-0000-0000-000000000000"),
        // Digital follow-up: the resident's own plans (FollowUpTests: someone else's plan is 404), the desk's enrolment and plan pages.
        ["me/follow-up"] = (Audience.Resident, "/me/follow-up"),
        ["me/follow-up/{planId:guid}"] = (Audience.Resident, "/me/follow-up/00000000-0000-0000-0000-000000000000"),
        ["api/follow-up/plans"] = (Audience.Resident, "/api/follow-up/plans"),
        ["api/follow-up/plans/{planId:guid}/measurements"] = (Audience.Resident, null),
        ["desk/follow-up/enrol"] = (Audience.Staff, "/desk/follow-up/enrol?task=00000000-0000-0000-0000-000000000000"),
        ["desk/follow-up/{planId:guid}"] = (Audience.Staff, "/desk/follow-up/00000000-0000-0000-0000-000000000000"),
        ["desk/chats"] = (Audience.Staff, "/desk/chats"),
        ["desk/chats/{id:guid}"] = (Audience.Staff, "/desk/chats/00000000-0000-0000-0000-000000000000"),
        ["admin/chat-faq"] = (Audience.Coordinator, "/admin/chat-faq"),
        ["api/chat/availability"] = (Audience.Public, "/api/chat/availability?municipality=638"),
        // Anonymous chat: the session's token is the key (ChatFlowTests), so these are public routes.
        ["api/chat/sessions"] = (Audience.Public, null),
        ["api/chat/sessions/{id:guid}/messages"] = (Audience.Public, "/api/chat/sessions/00000000-0000-0000-0000-000000000000/messages"),
        ["api/chat/sessions/{id:guid}/events"] = (Audience.Public, "/api/chat/sessions/00000000-0000-0000-0000-000000000000/events"),
        ["api/chat/sessions/{id:guid}/handover"] = (Audience.Public, null),
        ["api/chat/sessions/{id:guid}/typing"] = (Audience.Public, null),
        ["api/chat/sessions/{id:guid}/leave"] = (Audience.Public, null),
        ["api/chat/sessions/{id:guid}/identify"] = (Audience.Resident, null),
        ["api/chat/sessions/{id:guid}/transfer"] = (Audience.Staff, null),
        ["api/chat/sessions/{id:guid}/end"] = (Audience.Staff, null),
        ["api/desk/chats/"] = (Audience.Staff, "/api/desk/chats"),
        ["api/desk/chats/availability"] = (Audience.Staff, null),
        ["api/desk/chats/{id:guid}/take"] = (Audience.Staff, null),
        // Feedback: the transaction's own rules decide who may answer (FeedbackTests).
        ["api/feedback"] = (Audience.Public, null),
        ["feedback/{kind}/{id:guid}"] = (Audience.Public, "/feedback/chat/00000000-0000-0000-0000-000000000000"),
        ["admin/feedback-questions"] = (Audience.Coordinator, "/admin/feedback-questions"),
        ["admin/queues"] = (Audience.Coordinator, "/admin/queues?municipality=638&channel=work"),
        ["admin/queues/new"] = (Audience.Coordinator, "/admin/queues/new"),
        ["admin/queues/{code}"] = (Audience.Coordinator, "/admin/queues/hs-638"),
        ["admin/queues/{code}/members"] = (Audience.Coordinator, "/admin/queues/hs-638/members?q=hoitaja"),
        ["api/admin/queues/"] = (Audience.Coordinator, "/api/admin/queues?channel=chat"),
        // By id: a queue's id differs per database, so QueueAdministrationTests calls these with a real one per audience.
        ["api/admin/queues/{id:guid}"] = (Audience.Coordinator, null),
        ["api/admin/queues/{id:guid}/members"] = (Audience.Coordinator, null),
        ["api/admin/queues/{id:guid}/members/{staffId:guid}"] = (Audience.Coordinator, null),
        ["forms"] = (Audience.Public, "/forms"),
        ["forms/{id}"] = (Audience.Public, "/forms/ask-for-help"),
        ["forms/{id}/send/{draftId:guid}"] = (Audience.Resident, "/forms/ask-for-help/send/00000000-0000-0000-0000-000000000000"),
        ["forms/submissions/{id:guid}"] = (Audience.Resident, "/forms/submissions/00000000-0000-0000-0000-000000000000"),
        ["desk/forms/{id:guid}"] = (Audience.Staff, "/desk/forms/00000000-0000-0000-0000-000000000000"),
        ["api/forms/"] = (Audience.Public, "/api/forms"),
        ["api/forms/{id}"] = (Audience.Public, "/api/forms/ask-for-help"),
        ["api/forms/{id}/fhir"] = (Audience.Public, "/api/forms/ask-for-help/fhir"),
        ["api/forms/{id}/submissions"] = (Audience.Resident, null),
        ["api/forms/submissions/{submissionId:guid}"] = (Audience.Resident, "/api/forms/submissions/00000000-0000-0000-0000-000000000000"),
        ["service-requests"] = (Audience.Staff, "/service-requests"),
        ["service-requests/{number}"] = (Audience.Staff, null),
        ["service-requests/{number}/rating"] = (Audience.Staff, "/service-requests/REQ-000002/rating"),
        ["service/priority-matrix"] = (Audience.ServiceManager, "/service/priority-matrix"),
        ["service/desk"] = (Audience.ServiceDesk, "/service/desk"),
        ["service/tickets"] = (Audience.ServiceDesk, "/service/tickets?q=kirjautuminen"),
        ["service/tickets/new"] = (Audience.ServiceDesk, "/service/tickets/new"),
        ["service/tickets/{number}"] = (Audience.ServiceDesk, "/service/tickets/INC-000001"),
        // A ticket attachment: the desk any, a reporter the visible files of their own tickets, everyone else 404 (TicketAttachmentTests).
        ["service/attachments/{id:guid}"] = (Audience.Signedin, "/service/attachments/00000000-0000-0000-0000-000000000000"),
        ["service/catalogue"] = (Audience.ServiceDesk, "/service/catalogue"),
        ["service/catalogue/{id}"] = (Audience.ServiceDesk, "/service/catalogue/omaolo"),
        ["service/problems"] = (Audience.ServiceDesk, "/service/problems"),
        ["service/changes"] = (Audience.ServiceDesk, "/service/changes"),
        ["api/service-management/tickets/"] = (Audience.ServiceDesk, "/api/service-management/tickets?q=video"),
        ["api/service-management/tickets/{number}"] = (Audience.ServiceDesk, "/api/service-management/tickets/INC-000001"),
        ["api/service-management/tickets/{number}/status"] = (Audience.ServiceDesk, null),
        ["api/service-management/tickets/{number}/comments"] = (Audience.ServiceDesk, null),
        ["api/service-management/tickets/{number}/assign"] = (Audience.ServiceDesk, null),
        ["api/service-management/tickets/{number}/priority"] = (Audience.ServiceDesk, null),
        ["api/service-management/tickets/{number}/major"] = (Audience.ServiceDesk, null),
        ["api/service-management/tickets/{number}/room"] = (Audience.ServiceDesk, null),
        ["api/service-management/tickets/{number}/link"] = (Audience.ServiceDesk, null),
        ["api/service-management/tickets/{number}/rca"] = (Audience.ServiceDesk, null),
        ["api/service-management/tickets/{number}/workaround"] = (Audience.ServiceDesk, null),
        ["api/service-management/tickets/{number}/decision"] = (Audience.ServiceDesk, null),
        ["service/availability"] = (Audience.ServiceDesk, "/service/availability?service=polku-front&month=2026-03"),
        ["api/service-management/availability/compute"] = (Audience.ServiceDesk, null),
        ["service/reports"] = (Audience.ServiceDesk, "/service/reports"),
        ["service/reports/{serviceId}/{year}/{month}"] = (Audience.ServiceDesk, "/service/reports/polku-front/2026/3"),
        ["api/service-management/reports/{serviceId}/{year}/{month}"] = (Audience.ServiceDesk, "/api/service-management/reports/polku-front/2026/3"),
        ["api/service-management/reports/{serviceId}/{year}/{month}.csv"] = (Audience.ServiceDesk, "/api/service-management/reports/polku-front/2026/3.csv"),
        // Training (issue 16): any member of staff is a trainee; the trainer's pages are for trainers and the coordinator;
        // the certificate check is public (TrainingTests).
        ["training"] = (Audience.Staff, "/training?q=chat"),
        ["training/programmes/{code}"] = (Audience.Staff, "/training/programmes/DIGI-CHAT"),
        ["training/courses/{id:guid}"] = (Audience.Staff, "/training/courses/00000000-0000-0000-0000-000000000000"),
        ["training/courses/{id:guid}/exam"] = (Audience.Staff, "/training/courses/00000000-0000-0000-0000-000000000000/exam"),
        ["training/groups/{id:guid}"] = (Audience.Staff, "/training/groups/00000000-0000-0000-0000-000000000000"),
        ["training/my"] = (Audience.Staff, "/training/my"),
        ["training/trainer"] = (Audience.Trainer, "/training/trainer"),
        ["training/trainer/groups/{id:guid}"] = (Audience.Trainer, "/training/trainer/groups/00000000-0000-0000-0000-000000000000"),
        ["training/admin"] = (Audience.Coordinator, "/training/admin"),
        ["training/admin/messages"] = (Audience.Coordinator, "/training/admin/messages"),
        ["training/admin/messages/{name}"] = (Audience.Coordinator, "/training/admin/messages/enrolled"),
        // A group's id is made at seeding; TrainingMessageTests checks the coordinator, a trainer and a nurse on a real group.
        ["training/admin/groups/{id:guid}/message"] = (Audience.Coordinator, null),
        ["training/admin/import"] = (Audience.Coordinator, "/training/admin/import"),
        ["training/admin/programmes/new"] = (Audience.Coordinator, "/training/admin/programmes/new"),
        ["training/admin/programmes/{code}"] = (Audience.Coordinator, "/training/admin/programmes/DIGI-CHAT"),
        ["training/admin/programmes/{code}/courses/new"] = (Audience.Coordinator, "/training/admin/programmes/DIGI-CHAT/courses/new"),
        // The demo's course, group and room ids are made when seeding: CoordinatorPageTests opens these pages as the
        // coordinator and is refused them as a nurse and as the trainer.
        ["training/admin/courses/{id:guid}"] = (Audience.Coordinator, null),
        ["training/admin/courses/{id:guid}/groups/new"] = (Audience.Coordinator, null),
        ["training/admin/groups/{id:guid}"] = (Audience.Coordinator, null),
        ["training/admin/rooms"] = (Audience.Coordinator, "/training/admin/rooms"),
        ["training/admin/rooms/{id:guid}"] = (Audience.Coordinator, null),
        ["training/certificates/verify/{code?}"] = (Audience.Public, "/training/certificates/verify/ABCDE23456"),
        ["api/training/programmes"] = (Audience.Staff, "/api/training/programmes?q=chat"),
        ["api/training/groups/{id:guid}/enrolments"] = (Audience.Staff, null),
        ["api/training/exams/{id:guid}/attempts"] = (Audience.Staff, null),
        ["api/training/certificates/verify/{code}"] = (Audience.Public, "/api/training/certificates/verify/ABCDE23456"),
        // A CSV body (TrainingImportTests posts it as the coordinator and refuses a nurse and the signed-out).
        ["api/training/admin/import"] = (Audience.Coordinator, null),
        // The coordinator's reports and exports (TrainingReportTests); a trainer exports their own group's attendance on the group page.
        ["training/admin/reports"] = (Audience.Coordinator, "/training/admin/reports"),
        ["api/training/admin/reports/fill-rates"] = (Audience.Coordinator, "/api/training/admin/reports/fill-rates"),
        ["api/training/admin/reports/certifications"] = (Audience.Coordinator, "/api/training/admin/reports/certifications"),
        ["api/training/admin/reports/attendance"] = (Audience.Coordinator, "/api/training/admin/reports/attendance"),
        ["api/training/admin/reports/certificates"] = (Audience.Coordinator, "/api/training/admin/reports/certificates"),
    };

    [Fact]
    public async Task Every_route_has_a_declared_audience()
    {
        _ = factory.Services;
        var patterns = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Select(p => p.Length == 0 ? "/" : p)
            .Distinct()
            .ToList();
        var missing = patterns.Where(p => !Routes.ContainsKey(p)).ToList();
        Assert.True(missing.Count == 0, "Add these routes to AuthorizationMatrixTests.Routes with their audience: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Anonymous_users_reach_public_routes_and_are_sent_to_sign_in_elsewhere()
    {
        var client = factory.CreateBrowserLikeClient();
        foreach (var (pattern, (audience, sample)) in Routes.Where(r => r.Value.Sample is not null))
        {
            var response = await client.GetAsync(new Uri(sample!, UriKind.Relative));
            if (audience == Audience.Public)
            {
                Assert.True((int)response.StatusCode < 500 && !RequiresSignIn(response), $"{pattern}: anonymous got {(int)response.StatusCode} {response.Headers.Location}");
            }
            else
            {
                Assert.True(RequiresSignIn(response), $"{pattern}: anonymous got {(int)response.StatusCode}, expected a sign-in challenge");
            }
        }
    }

    [Fact]
    public async Task A_resident_is_refused_staff_and_coordinator_routes()
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(client, "Maija Meikäläinen");
        foreach (var (pattern, (_, sample)) in Routes.Where(r => r.Value.Audience is Audience.Staff or Audience.Coordinator or Audience.ServiceManagement or Audience.ControlTower or Audience.ServiceDesk or Audience.ServiceManager or Audience.Trainer && r.Value.Sample is not null))
        {
            var response = await client.GetAsync(new Uri(sample!, UriKind.Relative));
            Assert.True(IsRefused(response), $"{pattern}: resident got {(int)response.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_professional_is_refused_resident_and_coordinator_routes()
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "hoitaja.porvoo");
        foreach (var (pattern, (_, sample)) in Routes.Where(r => r.Value.Audience is Audience.Resident or Audience.Coordinator or Audience.ServiceManagement or Audience.ControlTower or Audience.ServiceDesk or Audience.ServiceManager or Audience.Trainer && r.Value.Sample is not null))
        {
            var response = await client.GetAsync(new Uri(sample!, UriKind.Relative));
            Assert.True(IsRefused(response), $"{pattern}: nurse got {(int)response.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/desk", UriKind.Relative))).StatusCode);
    }

    /// <summary>Changing desk routes refuse anonymous callers and residents before anything else happens.</summary>
    [Fact]
    public async Task Desk_changes_refuse_anonymous_callers_and_residents()
    {
        var anonymous = factory.CreateBrowserLikeClient();
        var resident = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(resident, "Maija Meikäläinen");
        foreach (var action in new[] { "claim", "release", "transfer", "reassign", "complete" })
        {
            var url = new Uri($"/api/desk/tasks/00000000-0000-0000-0000-000000000000/{action}", UriKind.Relative);
            using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            Assert.True(RequiresSignIn(await anonymous.PostAsync(url, content)), $"{action}: anonymous was not challenged");
            Assert.True(IsRefused(await resident.PostAsync(url, content)), $"{action}: resident was not refused");
        }
    }

    [Fact]
    public async Task The_coordinator_reaches_every_coordinator_route()
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori");
        foreach (var (pattern, (_, sample)) in Routes.Where(r => r.Value.Audience is Audience.Coordinator or Audience.ServiceManagement or Audience.ControlTower && r.Value.Sample is not null))
        {
            var response = await client.GetAsync(new Uri(sample!, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{pattern}: coordinator got {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_organiser_reaches_the_control_tower_and_is_refused_coordinator_and_service_management_routes()
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "jarjestaja");
        foreach (var (pattern, (audience, sample)) in Routes.Where(r => r.Value.Audience is Audience.Coordinator or Audience.ServiceManagement or Audience.ControlTower or Audience.ServiceDesk or Audience.ServiceManager && r.Value.Sample is not null))
        {
            var response = await client.GetAsync(new Uri(sample!, UriKind.Relative));
            Assert.True(audience == Audience.ControlTower ? response.StatusCode == HttpStatusCode.OK : IsRefused(response),
                $"{pattern}: organiser got {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_service_manager_reaches_service_management_routes_and_is_refused_coordinator_routes()
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "palvelupaallikko");
        foreach (var (pattern, (audience, sample)) in Routes.Where(r => r.Value.Audience is Audience.Coordinator or Audience.ServiceManagement or Audience.ControlTower or Audience.ServiceDesk or Audience.ServiceManager && r.Value.Sample is not null))
        {
            var response = await client.GetAsync(new Uri(sample!, UriKind.Relative));
            Assert.True(audience is Audience.ServiceManagement or Audience.ControlTower or Audience.ServiceDesk or Audience.ServiceManager ? response.StatusCode == HttpStatusCode.OK : IsRefused(response),
                $"{pattern}: service manager got {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_service_desk_reaches_its_routes_and_the_coordinator_is_refused_them_and_the_service_managers_own()
    {
        var desk = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(desk, "tukipalvelu");
        var coordinator = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(coordinator, "koordinaattori");
        foreach (var (pattern, (audience, sample)) in Routes.Where(r => r.Value.Audience is Audience.Coordinator or Audience.ServiceManagement or Audience.ControlTower or Audience.ServiceDesk or Audience.ServiceManager && r.Value.Sample is not null))
        {
            var response = await desk.GetAsync(new Uri(sample!, UriKind.Relative));
            Assert.True(audience == Audience.ServiceDesk ? response.StatusCode == HttpStatusCode.OK : IsRefused(response), $"{pattern}: service desk got {(int)response.StatusCode}");
            if (audience is Audience.ServiceDesk or Audience.ServiceManager)
            {
                Assert.True(IsRefused(await coordinator.GetAsync(new Uri(sample!, UriKind.Relative))), $"{pattern}: the coordinator was not refused");
            }
        }
    }

    /// <summary>A coordinator of one health station reaches the staff administration and none of the county's coordinator routes.</summary>
    [Fact]
    public async Task A_unit_scoped_coordinator_reaches_only_the_staff_administration()
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "koordinaattori.porvoo");
        foreach (var (pattern, (audience, sample)) in Routes.Where(r => r.Value.Audience is Audience.Coordinator or Audience.ServiceManagement or Audience.ControlTower or Audience.ServiceDesk && r.Value.Sample is not null))
        {
            var response = await client.GetAsync(new Uri(sample!, UriKind.Relative));
            var staffAdmin = pattern.StartsWith("admin/staff", StringComparison.Ordinal) || pattern.StartsWith("api/admin/staff", StringComparison.Ordinal);
            Assert.True(staffAdmin ? response.StatusCode == HttpStatusCode.OK : IsRefused(response), $"{pattern}: unit coordinator got {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task The_trainer_reaches_the_trainer_pages_and_is_refused_coordinator_routes()
    {
        var client = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "kouluttaja");
        foreach (var (pattern, (audience, sample)) in Routes.Where(r => r.Value.Audience is Audience.Trainer or Audience.Coordinator or Audience.ServiceDesk && r.Value.Sample is not null))
        {
            var response = await client.GetAsync(new Uri(sample!, UriKind.Relative));
            Assert.True(audience == Audience.Trainer ? !IsRefused(response) && !RequiresSignIn(response) && (int)response.StatusCode < 500 : IsRefused(response),
                $"{pattern}: trainer got {(int)response.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/training/trainer", UriKind.Relative))).StatusCode);
    }

    private static bool RequiresSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Unauthorized
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("/login?ReturnUrl=", StringComparison.Ordinal) == true);

    private static bool IsRefused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("/forbidden", StringComparison.Ordinal) == true);
}
