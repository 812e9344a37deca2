using Polku.ServiceManagement.Tickets;

namespace Polku.ServiceManagement.Pages;

/// <summary>What <c>_TicketAttachments</c> lists: the files, and whether the reader is the desk (who added each, and who sees it).</summary>
internal sealed record AttachmentList(IReadOnlyList<AttachmentInfo> Files, bool Desk);
