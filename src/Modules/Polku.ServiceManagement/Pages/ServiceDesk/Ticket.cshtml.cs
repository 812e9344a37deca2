using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Uploads;
using Polku.ServiceManagement.Api;
using Polku.ServiceManagement.Contracts;
using Polku.ServiceManagement.Data;
using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Pages.ServiceDesk;

/// <summary>
/// One ticket: its details, both SLA clocks as they stand now, its history and comments, and every action — status,
/// comment, assignment, priority (matrix or the customer's override), a major incident's room and RCA, links to a
/// problem or a major incident, a problem's workaround and a change's CAB decision. Each action is a handler of this
/// page and redirects back (so a reload never repeats it). A comment may bring files (the platform's upload rules,
/// within the messages' request limits); they have the comment's visibility. A refused file or comment keeps what was typed.
/// </summary>
[AuditExempt("service-management tickets about digital services, no resident's data")]
[RequestFormLimits(MultipartBodyLengthLimit = UploadLimits.RequestLimitBytes)]
[RequestSizeLimit(UploadLimits.RequestLimitBytes + 64 * 1024)]
internal sealed class TicketModel(TicketService tickets, TicketQueries queries, TicketAttachments attachments, Knowledge.KnowledgeLinks knowledge, Texts texts,
    Satisfaction.TicketRatings ratings) : PageModel
{
    public TicketDetail Detail { get; private set; } = null!;

    /// <summary>The comment as typed, shown again when it or its files were refused.</summary>
    public string? CommentText { get; private set; }

    public bool CommentVisibleToReporter { get; private set; }

    /// <summary>The reporter's rating of the handling, once they have given one.</summary>
    public Data.TicketRating? Rating { get; private set; }
    public IReadOnlyList<Knowledge.LinkedArticle> Articles { get; private set; } = [];
    public bool IsServiceManager => User.HasClaim(PolkuClaims.Role, PolkuRoles.ServiceManager);

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct) => await LoadAsync(number, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostStatusAsync(string number, string? status, string? note, CancellationToken ct) =>
        ActAsync(number, "status", (id, a) => tickets.ChangeStatusAsync(id, status ?? "", note, a, ct), ct);

    public async Task<IActionResult> OnPostCommentAsync(string number, string? text, bool visibleToReporter, List<IFormFile>? files, CancellationToken ct)
    {
        (CommentText, CommentVisibleToReporter) = (text, visibleToReporter);
        var checkedFiles = await attachments.CheckAsync(files, ct);
        if (checkedFiles.Error is { } refused)
        {
            if (!await LoadAsync(number, ct))
            {
                return NotFound();
            }

            ModelState.AddModelError(TicketAttachments.Field, attachments.Message(refused, checkedFiles.RejectedName));
            return Page();
        }

        return await ActAsync(number, "text", (id, a) => tickets.CommentAsync(id, text ?? "", visibleToReporter, checkedFiles.Files, a, ct), ct);
    }

    public Task<IActionResult> OnPostAssignAsync(string number, string? group, CancellationToken ct) =>
        ActAsync(number, "group", (id, a) => tickets.AssignAsync(id, group ?? "", null, a, ct), ct);

    public Task<IActionResult> OnPostPriorityAsync(string number, string? impact, string? urgency, string? priority, string? reason, CancellationToken ct) =>
        ActAsync(number, "impact", (id, a) => tickets.SetPriorityAsync(id, impact ?? "", urgency ?? "", priority, reason, a, ct), ct);

    public Task<IActionResult> OnPostMajorAsync(string number, bool declare, string? communicationPlan, CancellationToken ct) =>
        ActAsync(number, "communicationPlan", (id, a) => tickets.MajorAsync(id, declare, communicationPlan, a, ct), ct);

    public Task<IActionResult> OnPostRoomAsync(string number, string? roomText, bool isPublic, CancellationToken ct) =>
        ActAsync(number, "roomText", (id, a) => tickets.RoomUpdateAsync(id, roomText ?? "", isPublic, a, ct), ct);

    public Task<IActionResult> OnPostLinkAsync(string number, string? target, CancellationToken ct) =>
        ActAsync(number, "target", (id, a) => tickets.LinkAsync(id, target ?? "", a, ct), ct);

    public Task<IActionResult> OnPostRcaAsync(string number, string? rootCause, string? corrective, string? prevention, CancellationToken ct) =>
        ActAsync(number, "rootCause", (id, a) => tickets.RcaAsync(id, rootCause, corrective, prevention, a, ct), ct);

    public Task<IActionResult> OnPostWorkaroundAsync(string number, string? workaround, bool knownError, CancellationToken ct) =>
        ActAsync(number, "workaround", (id, a) => tickets.WorkaroundAsync(id, workaround, knownError, a, ct), ct);

    public Task<IActionResult> OnPostDecisionAsync(string number, bool approve, string? decisionNote, CancellationToken ct) =>
        ActAsync(number, "decisionNote", (id, a) => tickets.DecideChangeAsync(id, approve, decisionNote, null, null, a, ct), ct);

    private async Task<IActionResult> ActAsync(string number, string defaultField, Func<Guid, TicketActor, Task<Result<Ticket>>> act, CancellationToken ct)
    {
        if (await queries.FindByNumberAsync(number, ct) is not { } ticket)
        {
            return NotFound();
        }

        var result = await act(ticket.Id, TicketsApi.Actor(User));
        if (result.Error is { } error)
        {
            ModelState.AddModelError(error.Field ?? defaultField, texts[error.Code]);
            await LoadAsync(number, ct);
            return Page();
        }

        return Redirect(ServiceManagementRoutes.Ticket(ticket.Number));
    }

    private async Task<bool> LoadAsync(string number, CancellationToken ct)
    {
        if (await queries.FindByNumberAsync(number, ct) is not { } ticket || await queries.DetailAsync(ticket.Id, ct) is not { } detail)
        {
            return false;
        }

        Detail = detail;
        Articles = await knowledge.ForTicketAsync(ticket.Id, ct);
        Rating = await ratings.ForTicketAsync(ticket.Id, ct);
        return true;
    }

    public string EntryText(TicketEntry e) => e.Kind switch
    {
        "status" => texts["sm.history.status", Status(e.OldValue), Status(e.NewValue)],
        "priority" or "priority-override" => texts["sm.history." + e.Kind, e.OldValue ?? "—", e.NewValue ?? "—"],
        "assigned" => texts["sm.history.assigned", Group(e.NewValue)],
        "linked-problem" or "linked-incident" or "linked-parent" or "linked-child" => texts["sm.history." + e.Kind, e.NewValue ?? ""],
        "cab" or "ecab" => texts["sm.history." + e.Kind, texts["sm.approval." + (e.NewValue ?? "pending")]],
        "approval" => texts["sm.history.approval"],
        "major" => texts["sm.history.major." + (e.NewValue ?? "declared")],
        "workaround" => texts[e.NewValue == "known-error" ? "sm.history.known_error" : "sm.history.workaround"],
        _ => texts.Has("sm.history." + e.Kind) ? texts["sm.history." + e.Kind] : texts["sm.history.other"],
    };

    /// <summary>Who did it: a person's name, or Polku itself (monitoring, the SLA watch) in the reader's words.</summary>
    public string Actor(string name) => name switch
    {
        Monitoring.IncidentOpener.Reporter => texts["sm.monitoring.reporter"],
        "" => texts["sm.ticket.polku"],
        _ => name,
    };

    private string Status(string? code) => code is null ? "—" : texts["sm.status." + code];

    private string Group(string? code) => code is null ? "—" : texts["sm.group." + code];
}
