using Microsoft.EntityFrameworkCore;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Web;
using Polku.Training.Contracts;
using Polku.Training.Data;
using Polku.Training.Enrolment;

namespace Polku.Training.Messages;

/// <summary>Whom a group message goes to.</summary>
internal static class GroupAudiences
{
    /// <summary>Those with a place (enrolled, or completed the course).</summary>
    public const string Enrolled = "enrolled";
    public const string Waiting = "waiting";
    public const string Both = "both";

    public static readonly IReadOnlyList<string> All = [Enrolled, Waiting, Both];
}

/// <summary>What the sender typed; <paramref name="FormKey"/> is the form's one-time key.</summary>
internal sealed record GroupMessageDraft(string Audience, string Subject, string Body, Guid FormKey);

/// <summary>A message sent: how many it went to and how many of them have no e-mail address.</summary>
internal sealed record GroupMessageSent(Guid MessageId, int Recipients, int WithoutEmail, bool AlreadySent);

/// <summary>
/// Messaging a group (issue 16, part 6): the coordinator (any group) or the group's trainer (own groups — the pages
/// decide who may) writes to the participants. The message is stored and one outbox e-mail per recipient is written in
/// the same unit (dedupe key <c>training:group-message:{message}:{staff}</c>). The form's key is unique in the table, so
/// the same form posted twice finds the first message and sends nothing more.
/// </summary>
internal sealed class GroupMessaging(PolkuDb db, UnitOfWork unit, Polku.Platform.Outbox.Outbox outbox, IPeopleDirectory people, PublicSite site, TimeProvider time)
{
    public const int HistoryLimit = 50;

    public static List<Error> Check(GroupMessageDraft d)
    {
        var errors = new List<Error>();
        if (!GroupAudiences.All.Contains(d.Audience))
        {
            errors.Add(Error.Validation(MessageTextErrors.AudienceInvalid, "Audience"));
        }

        foreach (var (field, value, max) in new[] { ("Subject", d.Subject, MessageTexts.MaxSubject), ("Body", d.Body, MessageTexts.MaxBody) })
        {
            var text = MessageTexts.Normalise(value);
            if (text.Length == 0)
            {
                errors.Add(Error.Validation(MessageTextErrors.Required, field));
            }
            else if (text.Length > max)
            {
                errors.Add(Error.Validation(MessageTextErrors.TooLong, field));
            }
            else if (field == "Subject" && text.Contains('\n', StringComparison.Ordinal))
            {
                errors.Add(Error.Validation(MessageTextErrors.Malformed, field));
            }
        }

        if (d.FormKey == Guid.Empty)
        {
            errors.Add(Error.Validation(MessageTextErrors.FormExpired, "FormKey"));
        }

        return errors;
    }

    /// <summary>Sends the message to the group's participants of the audience; the same form key a second time sends nothing.</summary>
    public async Task<Result<GroupMessageSent>> SendAsync(Guid groupId, GroupMessageDraft d, Guid senderId, string senderName, CancellationToken ct)
    {
        if (Check(d) is [var first, ..])
        {
            return first;
        }

        if (await SentWithAsync(d.FormKey, ct) is { } earlier)
        {
            return earlier;
        }

        try
        {
            return await unit.RunAsync<GroupMessageSent>(async c =>
            {
                if (!await db.Set<CourseGroup>().AnyAsync(g => g.Id == groupId, c))
                {
                    return Error.NotFound(Coordinator.CoordinatorErrors.GroupNotFound);
                }

                string[] statuses = d.Audience switch
                {
                    GroupAudiences.Enrolled => [EnrolmentStatuses.Enrolled, EnrolmentStatuses.Completed],
                    GroupAudiences.Waiting => [EnrolmentStatuses.Waiting],
                    _ => [EnrolmentStatuses.Enrolled, EnrolmentStatuses.Completed, EnrolmentStatuses.Waiting],
                };
                var recipients = await db.Set<Data.Enrolment>().AsNoTracking().Where(e => e.GroupId == groupId && statuses.Contains(e.Status))
                    .Select(e => e.StaffId).Distinct().ToListAsync(c);
                if (recipients.Count == 0)
                {
                    return Error.Validation(MessageTextErrors.NoRecipients, "Audience");
                }

                var staff = (await people.GetStaffAsync(recipients, c)).ToDictionary(s => s.Id);
                var now = time.GetUtcNow();
                var message = new GroupMessage
                {
                    Id = Guid.CreateVersion7(now), GroupId = groupId, SenderId = senderId, SenderName = Truncate(senderName, 200), Audience = d.Audience,
                    Subject = MessageTexts.Normalise(d.Subject), Body = MessageTexts.Normalise(d.Body), SentUtc = now.UtcDateTime, RecipientCount = recipients.Count, FormKey = d.FormKey,
                };
                var body = message.Body + "\n\n" + site.Url(TrainingRoutes.Group(groupId));
                foreach (var id in recipients)
                {
                    if (staff.GetValueOrDefault(id) is { Email: { Length: > 0 } email })
                    {
                        outbox.EnqueueEmail(email, message.Subject, body, $"training:group-message:{message.Id:D}:{id:D}");
                    }
                    else
                    {
                        message.WithoutEmailCount++;
                    }
                }

                db.Set<GroupMessage>().Add(message);
                return new GroupMessageSent(message.Id, message.RecipientCount, message.WithoutEmailCount, false);
            }, ct);
        }
        catch (DbUpdateException)
        {
            // The same form posted twice at once: the unique form key let the first in; this one sent nothing.
            if (await SentWithAsync(d.FormKey, ct) is { } twin)
            {
                return twin;
            }

            throw;
        }
    }

    /// <summary>The messages sent to the group, newest first.</summary>
    public async Task<IReadOnlyList<GroupMessage>> HistoryAsync(Guid groupId, CancellationToken ct) =>
        await db.Set<GroupMessage>().AsNoTracking().Where(m => m.GroupId == groupId).OrderByDescending(m => m.SentUtc).ThenByDescending(m => m.Id).Take(HistoryLimit).ToListAsync(ct);

    /// <summary>How many the group has of each audience: with a place and waiting.</summary>
    public async Task<(int Enrolled, int Waiting)> CountsAsync(Guid groupId, CancellationToken ct)
    {
        var counts = await db.Set<Data.Enrolment>().AsNoTracking().Where(e => e.GroupId == groupId)
            .GroupBy(e => e.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return (counts.Where(c => c.Key is EnrolmentStatuses.Enrolled or EnrolmentStatuses.Completed).Sum(c => c.Count),
            counts.Where(c => c.Key == EnrolmentStatuses.Waiting).Sum(c => c.Count));
    }

    private async Task<GroupMessageSent?> SentWithAsync(Guid formKey, CancellationToken ct) =>
        await db.Set<GroupMessage>().AsNoTracking().Where(m => m.FormKey == formKey)
            .Select(m => new GroupMessageSent(m.Id, m.RecipientCount, m.WithoutEmailCount, true)).FirstOrDefaultAsync(ct);

    private static string Truncate(string text, int max) => text.Length > max ? text[..max] : text;
}
