using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Assessments.Contracts;
using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;

using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts;

/// <summary>The desk's contracts for other modules: tasks on an existing case, system completion, messages to residents.</summary>
[Trait("Category", "Postgres")]
public sealed class WorkInboxContractTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task Another_module_adds_a_waiting_task_to_a_case_completes_it_once_and_messages_the_resident(string engine)
    {
        var (app, _) = Polku.Tests.Appointments.DeskTests.At(engine);
        await using var _app = app;
        var (taskId, residentId) = await Polku.Tests.Appointments.DeskTests.TaskAsync(app);
        var nurse = await Polku.Tests.Appointments.DeskTests.StaffIdAsync(app, "hoitaja.porvoo");
        using var scope = app.Services.CreateScope();
        var inbox = scope.ServiceProvider.GetRequiredService<IWorkInbox>();
        var info = await inbox.FindVisibleTaskAsync(taskId, nurse);
        Assert.NotNull(info);
        Assert.Equal(residentId, info.ResidentId);
        Assert.Equal("hs-638", info.QueueCode);
        Assert.Null(await inbox.FindVisibleTaskAsync(taskId, await Polku.Tests.Appointments.DeskTests.StaffIdAsync(app, "hoitaja.loviisa")));

        var wrongCase = await inbox.SubmitAsync(new InboundWork(Guid.NewGuid(), "hs-638", "invitation-to-book", Urgency.P4, "x", Guid.NewGuid(), null, null, CaseId: info.CaseId));
        Assert.Equal("work.case_unknown", wrongCase.Error?.Code);

        var receipt = await inbox.SubmitAsync(new InboundWork(residentId, "hs-638", "invitation-to-book", Urgency.P4, "Kutsu", Guid.NewGuid(), "638", "health-station", CaseId: info.CaseId, AssigneeId: nurse));
        Assert.Equal(info.CaseId, receipt.Value!.CaseId);
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var task = await db.Set<WorkTask>().AsNoTracking().SingleAsync(t => t.Id == receipt.Value.TaskId);
        Assert.Equal((TaskType.InvitationToBook, TaskState.WaitingForResident, (Guid?)nurse), (task.Type, task.State, task.AssigneeId));

        Assert.Equal("task.outcome_invalid", (await inbox.CompleteAsync(task.Id, "nonsense", null)).Error?.Code);
        Assert.Equal("task.not_found", (await inbox.CompleteAsync(Guid.NewGuid(), "appointment-booked", null)).Error?.Code);
        Assert.True((await inbox.CompleteAsync(task.Id, "appointment-booked", null)).Value);
        Assert.False((await inbox.CompleteAsync(task.Id, "appointment-booked", null)).Value);
        Assert.Equal(1, await db.Set<TaskEvent>().CountAsync(e => e.TaskId == task.Id && e.Action == "completed" && e.ActorId == null));

        var messages = scope.ServiceProvider.GetRequiredService<IResidentMessages>();
        var sent = await messages.SendAsync(new StaffMessage(nurse, info.CaseId, residentId, "Aihe", "Viesti"));
        Assert.True(sent.IsSuccess);
        Assert.True(await db.Set<MessageThread>().AnyAsync(t => t.Id == sent.Value && t.ResidentId == residentId));
        var outsider = await Polku.Tests.Appointments.DeskTests.StaffIdAsync(app, "hoitaja.loviisa");
        Assert.Equal("contacts.messages.not_found", (await messages.SendAsync(new StaffMessage(outsider, info.CaseId, residentId, "Aihe", "Viesti"))).Error?.Code);
    }
}
