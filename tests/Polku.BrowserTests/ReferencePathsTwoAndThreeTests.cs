using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Polku.Assessments.Data;
using Polku.BrowserTests.Infrastructure;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;

namespace Polku.BrowserTests;

/// <summary>
/// Reference paths 2 and 3 of spec 00 in a real browser, in Finnish and Swedish, with the accessibility check on every
/// page on the way. Path 2: a wellbeing check with FINDRISC ≥ 15 and consent in advance → a task in the municipality's
/// health-station queue without pressing "send" → the nurse claims it, messages the resident, books an in-person time on
/// their behalf and enrols them in home blood-pressure follow-up → the resident records a value → an out-of-limit value
/// makes a task. Path 3: the "Ask for help" form from its service page → the social services queue → the worker answers
/// by secure message and books a remote appointment on the resident's behalf → the resident joins from their own page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReferencePathsTwoAndThreeTests(PolkuServerFixture server, BrowserFixture browser)
{
    private const string Erik = "Erik Exempelsson";

    private static readonly Dictionary<string, string[]> HighRiskWithConsent = new()
    {
        ["age"] = ["58"], ["sex"] = ["male"], ["height"] = ["178"], ["weight"] = ["98"], ["waist"] = ["104"], ["activity"] = ["false"],
        ["vegetables"] = ["true"], ["bp-medication"] = ["true"], ["high-glucose"] = ["false"], ["family-diabetes"] = ["first-degree"],
        ["auditc-1"] = ["0"], ["send-consent"] = ["true"],
    };

    private static readonly Dictionary<string, string[]> AskForHelp = new()
    {
        ["areas"] = ["income", "housing"], ["situation"] = ["Vuokra on jäänyt maksamatta, enkä tiedä mistä hakea apua."],
        ["how-urgent"] = ["this-week"], ["contact"] = ["message"],
    };

    /// <summary>
    /// The checks of a reference path's every page: no axe violations, and nothing scrolls sideways, spills or overlaps at
    /// 320 px (the page is laid out there and back, so the path carries on at its own width).
    /// </summary>
    internal static async Task Checked(IPage page)
    {
        await Accessibility.AssertNoViolationsAsync(page);
        var size = page.ViewportSize;
        var problems = await Layout.CheckAsync(page, 320);
        if (size is not null)
        {
            await page.SetViewportSizeAsync(size.Width, size.Height);
        }

        Assert.True(problems.Count == 0, new Uri(page.Url).PathAndQuery + " at 320 px: " + string.Join("; ", problems));
    }

    [BrowserTheory]
    [InlineData("fi", SignIn.Maija)]
    [InlineData("sv", Erik)]
    public async Task Path_two_wellbeing_check_to_a_follow_up_alert(string language, string residentName)
    {
        await using var residentContext = await browser.NewPageAsync(server.BaseUrl, language);
        await using var nurseContext = await browser.NewPageAsync(server.BaseUrl, language);
        var resident = residentContext.Page;
        var nurse = nurseContext.Page;
        server.Clock.SetNow(SelfBookingTests.NextTuesdayTen());
        try
        {
            // The wellbeing check, signed in, with consent in advance: the result is already at the health station.
            await SignIn.ResidentAsync(resident, residentName);
            await resident.GotoAsync("assessments/wellbeing-check");
            await Checked(resident);
            await AssessmentFlowTests.AnswerAsync(resident, HighRiskWithConsent, Checked);
            await Checked(resident);
            await Assertions.Expect(resident.Locator("main .notice[role='status'] strong")).ToBeVisibleAsync();
            var responseId = Guid.Parse(new Uri(resident.Url).AbsolutePath.Split('/')[^1]);
            var (task, queueId) = await TaskOfAsync(responseId);
            Assert.Equal(TaskType.AssessmentResult, task.Type);

            // The nurse finds it in the Porvoo health station's queue and claims it.
            await SignIn.StaffAsync(nurse, SignIn.Nurse);
            await nurse.GotoAsync($"desk/queues/{queueId:D}");
            await Checked(nurse);
            await Navigation.ClickAsync(nurse, nurse.Locator($"main a[href='/desk/tasks/{task.Id:D}']"));
            await Checked(nurse);
            await Navigation.ClickAsync(nurse, nurse.Locator("main form[action*='handler=Claim'] button"));

            // A message to the resident on the same case.
            await Navigation.ClickAsync(nurse, nurse.Locator("main a[href^='/desk/threads/new?caseId=']:not([href*='waitTask'])"));
            await Checked(nurse);
            await nurse.Locator("#Input_Subject").FillAsync("Verensokerin mittaus");
            await nurse.Locator("#Input_Body").FillAsync("Varaan sinulle ajan verensokerin mittaukseen ja kotiverenpaineen seurantaan.");
            await Navigation.ClickAsync(nurse, nurse.Locator("main form button.primary"));

            // An in-person time at the Porvoo health station on the resident's behalf.
            await nurse.GotoAsync($"desk/tasks/{task.Id:D}");
            await Navigation.ClickAsync(nurse, nurse.Locator("main a[href^='/desk/appointments/book']"));
            await nurse.GotoAsync(nurse.Url.TrimEnd('/') + "&mode=in-person&unit=hs-638");
            await Checked(nurse);
            await BookFirstSlotAsync(nurse);
            await Checked(nurse);

            // Home blood-pressure follow-up from the task.
            await nurse.GotoAsync($"desk/tasks/{task.Id:D}");
            await Navigation.ClickAsync(nurse, nurse.Locator("main a[href^='/desk/follow-up/enrol']"));
            await Checked(nurse);
            await nurse.Locator("#template-home-blood-pressure").CheckAsync();
            await Navigation.ClickAsync(nurse, nurse.Locator("main form button.primary"));
            await Checked(nurse);

            // The resident sees the message, the appointment and the plan, and records values; one is over the limits.
            await resident.GotoAsync("me/messages");
            await Checked(resident);
            await Assertions.Expect(resident.Locator("main")).ToContainTextAsync("Verensokerin mittaus");
            await resident.GotoAsync("me/appointments");
            await Checked(resident);
            await resident.GotoAsync("me/follow-up");
            await Checked(resident);
            var planLink = resident.Locator("main a[href^='/me/follow-up/']").First;
            var planId = Guid.Parse((await planLink.GetAttributeAsync("href"))!.Split('/')[^1]);
            await Navigation.ClickAsync(resident, planLink);
            await Checked(resident);
            await resident.Locator("main input[name='Input.Values[systolic]']").FillAsync("172");
            await resident.Locator("main input[name='Input.Values[diastolic]']").FillAsync("104");
            await Navigation.ClickAsync(resident, resident.Locator("main form button.primary"));
            await Checked(resident);
            await Assertions.Expect(resident.Locator("main svg")).ToBeVisibleAsync();

            await using var scope = server.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var alert = await db.Set<WorkTask>().AsNoTracking().SingleAsync(t => t.SourceId == planId && t.Type == TaskType.FollowUpAlert);
            Assert.Equal(queueId, alert.QueueId);
            Assert.Equal(TaskState.Claimed, (await db.Set<WorkTask>().AsNoTracking().SingleAsync(t => t.Id == task.Id)).State);
        }
        finally
        {
            server.Clock.Offset = TimeSpan.Zero;
        }
    }

    [BrowserTheory]
    [InlineData("fi", SignIn.Maija)]
    [InlineData("sv", Erik)]
    public async Task Path_three_ask_for_help_to_a_remote_appointment(string language, string residentName)
    {
        await using var residentContext = await browser.NewPageAsync(server.BaseUrl, language);
        await using var workerContext = await browser.NewPageAsync(server.BaseUrl, language);
        var resident = residentContext.Page;
        var worker = workerContext.Page;
        server.Clock.SetNow(SelfBookingTests.NextTuesdayTen());
        try
        {
            // From the service page to the form, answered and sent.
            await SignIn.ResidentAsync(resident, residentName);
            await resident.GotoAsync("services/ask-for-help?municipality=638");
            await Checked(resident);
            await Navigation.ClickAsync(resident, resident.Locator("main a[href='/forms/ask-for-help']").First);
            await Checked(resident);
            await AssessmentFlowTests.AnswerAsync(resident, AskForHelp, Checked);
            Assert.Contains("/forms/ask-for-help/send/", resident.Url, StringComparison.Ordinal);
            await Checked(resident);
            await Navigation.ClickAsync(resident, resident.Locator("main form button.primary"));
            await Checked(resident);
            await Assertions.Expect(resident.Locator("main ol.timeline li[aria-current='step']")).ToBeVisibleAsync();
            var submissionId = Guid.Parse(new Uri(resident.Url).AbsolutePath.Split('/')[^1]);

            Guid taskId, queueId;
            await using (var scope = server.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
                var submission = await db.Set<FormSubmission>().AsNoTracking().SingleAsync(s => s.Id == submissionId);
                Assert.Equal("ss-638", submission.QueueCode);
                taskId = submission.TaskId;
                queueId = await db.Set<WorkTask>().Where(t => t.Id == taskId).Select(t => t.QueueId).SingleAsync();
            }

            // The social worker claims it, reads the answers and answers by secure message.
            await SignIn.StaffAsync(worker, "sosiaalityo.porvoo");
            await worker.GotoAsync($"desk/queues/{queueId:D}");
            await Checked(worker);
            await Navigation.ClickAsync(worker, worker.Locator($"main a[href='/desk/tasks/{taskId:D}']"));
            await Checked(worker);
            await Navigation.ClickAsync(worker, worker.Locator("main form[action*='handler=Claim'] button"));
            await Navigation.ClickAsync(worker, worker.Locator($"main a[href='/desk/forms/{submissionId:D}']"));
            await Checked(worker);
            await Assertions.Expect(worker.Locator("main")).ToContainTextAsync("Vuokra on jäänyt maksamatta");
            await worker.GotoAsync($"desk/tasks/{taskId:D}");
            await Navigation.ClickAsync(worker, worker.Locator("main a[href^='/desk/threads/new?caseId=']:not([href*='waitTask'])"));
            await worker.Locator("#Input_Subject").FillAsync("Etätapaaminen");
            await worker.Locator("#Input_Body").FillAsync("Varasin meille etätapaamisen. Liity omalta sivultasi.");
            await Navigation.ClickAsync(worker, worker.Locator("main form button.primary"));
            await Checked(worker);

            // A remote appointment on the resident's behalf.
            await worker.GotoAsync($"desk/tasks/{taskId:D}");
            await Navigation.ClickAsync(worker, worker.Locator("main a[href^='/desk/appointments/book']"));
            await worker.GotoAsync(worker.Url + "&service=social-counselling&mode=video&unit=ss-638");
            await Checked(worker);
            await BookFirstSlotAsync(worker);
            var appointmentId = Guid.Parse(new Uri(worker.Url).AbsolutePath.Split('/')[^1]);
            DateTime startUtc;
            await using (var scope = server.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
                var appointment = await db.Set<Polku.Appointments.Data.Appointment>().AsNoTracking().SingleAsync(a => a.Id == appointmentId);
                Assert.Equal(Polku.Appointments.Data.AppointmentMode.Video, appointment.Mode);
                startUtc = appointment.StartUtc;
            }

            // The resident reads the answer and, at the time, joins from their own page.
            await resident.GotoAsync("me/messages");
            await Checked(resident);
            await Assertions.Expect(resident.Locator("main")).ToContainTextAsync("Etätapaaminen");
            server.Clock.SetNow(new DateTimeOffset(startUtc, TimeSpan.Zero).AddMinutes(-10));
            await using var laterContext = await browser.NewPageAsync(server.BaseUrl, language);
            var later = laterContext.Page;
            await SignIn.ResidentAsync(later, residentName);
            await Checked(later);
            await later.GotoAsync("me/appointments");
            await Checked(later);
            await Navigation.ClickAsync(later, later.Locator($"main a[href='/appointments/{appointmentId:D}/join']"));
            await Checked(later);
            await Navigation.ClickAsync(later, later.Locator("#remote-live form button[type='submit']"));
            await Assertions.Expect(later.Locator("#remote-live h2")).ToBeVisibleAsync();
            await Checked(later);
        }
        finally
        {
            server.Clock.Offset = TimeSpan.Zero;
        }
    }

    /// <summary>Books the first free time on the desk's booking page, with a reason when the resident has no booking right.</summary>
    private static async Task BookFirstSlotAsync(IPage page)
    {
        await page.Locator("main input[name='Input.SlotId']").First.CheckAsync();
        await page.Locator("#Input_OverrideReason").FillAsync("Sovittu viestillä");
        await Navigation.ClickAsync(page, page.Locator("main form[method='post'] button.primary"));
        Assert.Matches("/desk/appointments/[0-9a-f-]{36}", new Uri(page.Url).AbsolutePath);
    }

    private async Task<(WorkTask Task, Guid QueueId)> TaskOfAsync(Guid sourceId)
    {
        await using var scope = server.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var task = await db.Set<WorkTask>().AsNoTracking().SingleAsync(t => t.SourceId == sourceId);
        var queue = await db.Set<WorkQueue>().AsNoTracking().SingleAsync(q => q.Id == task.QueueId);
        Assert.Equal("hs-638", queue.Code);
        return (task, queue.Id);
    }
}
