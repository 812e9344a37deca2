using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Polku.Contacts.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Platform.Web;
using Polku.Training.Contracts;

namespace Polku.Contacts.Queues;

/// <summary>The <c>QueueCertificates</c> configuration section.</summary>
internal sealed class QueueCertificateOptions
{
    public const string Section = "QueueCertificates";

    /// <summary>Runs the check every few minutes; tests turn it off and run <see cref="QueueCertificates.RunAsync"/> themselves.</summary>
    public bool Enabled { get; set; } = true;
}

/// <summary>A queue the professional lost because its certificate was no longer valid, for the desk to explain.</summary>
internal sealed record LapsedQueue(string QueueCode, LocalizedText QueueName, string CertificateKind, DateTime? CertificateExpiredUtc, DateTime LapsedUtc);

/// <summary>A certificate one of the professional's queues requires that expires soon.</summary>
internal sealed record ExpiringQueueCertificate(string QueueCode, LocalizedText QueueName, string CertificateKind, DateTime ExpiresUtc);

/// <summary>
/// Certificates gate work queues (spec 07): keeps memberships of queues that require a certificate in step with the
/// Training module's certificates.
/// <list type="bullet">
/// <item><b>Lapse</b>: a member whose certificate of the queue's kind is not valid now loses the membership, and a
/// <see cref="QueueLapse"/> row says why. The delete decides: on two nodes at once only the one that deleted the row
/// writes the lapse, in the same unit of work.</item>
/// <item><b>Warnings</b> <see cref="WarningDays"/> days before expiry: an e-mail to the professional and to the
/// coordinators of their units (their task: send the professional to renewal). The warning row's key (professional,
/// kind, expiry, days ahead) is claimed in the unit of work that writes the outbox rows, so each goes once across nodes;
/// a renewal has a new expiry and so gets its own warnings.</item>
/// </list>
/// </summary>
internal sealed class QueueCertificates(PolkuDb db, UnitOfWork unit, ICertificateRegistry certificates, IPeopleDirectory people, Outbox outbox, Texts texts,
    PublicSite site, TimeProvider time, ILogger<QueueCertificates> log)
{
    /// <summary>Days before expiry a warning goes, largest first.</summary>
    public static readonly IReadOnlyList<int> WarningDays = [30, 7];

    /// <summary>How long the desk keeps telling a professional about a lapsed membership.</summary>
    public static readonly TimeSpan ShownFor = TimeSpan.FromDays(60);

    /// <summary>The outbox dedupe key of one warning to one recipient.</summary>
    public static string WarningKey(Guid staffId, string kind, DateTime expiresUtc, int daysAhead, Guid recipientId) =>
        string.Create(CultureInfo.InvariantCulture, $"queue-cert:{staffId:D}:{kind}:{expiresUtc:O}:{daysAhead}:{recipientId:D}");

    /// <summary>Lapses and warns as of now; returns (lapsed memberships, warnings claimed). Safe on several nodes at once.</summary>
    public async Task<(int Lapsed, int Warned)> RunAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var members = await (from m in db.Set<QueueMember>().AsNoTracking()
                             join q in db.Set<WorkQueue>().AsNoTracking() on m.QueueId equals q.Id
                             where q.RequiredCertificate != null
                             select new { m.QueueId, m.StaffId, Kind = q.RequiredCertificate!, q.Code, q.Name }).ToListAsync(ct);
        if (members.Count == 0)
        {
            return (0, 0);
        }

        var latest = (await certificates.GetLatestAsync(members.Select(m => m.StaffId).Distinct(), ct))
            .GroupBy(c => (c.StaffId, c.Kind))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.ExpiresUtc ?? DateTime.MaxValue).First());
        var lapsed = 0;
        var warned = 0;
        foreach (var m in members)
        {
            latest.TryGetValue((m.StaffId, m.Kind), out var certificate);
            if (certificate is null || !certificate.IsValidAt(now))
            {
                if (await LapseAsync(m.QueueId, m.StaffId, m.Kind, certificate?.ExpiresUtc, now, ct))
                {
                    lapsed++;
                }

                continue;
            }

            if (certificate.ExpiresUtc is not { } expires)
            {
                continue;
            }

            // Only the nearest threshold that has been reached: a professional certified with 10 days left gets the
            // 30-day warning now and the 7-day one later, never both at once.
            var due = WarningDays.Where(d => expires - TimeSpan.FromDays(d) <= now).DefaultIfEmpty(0).Min();
            if (due > 0 && await WarnAsync(m.StaffId, m.Kind, expires, due, m.Name, now, ct))
            {
                warned++;
            }
        }

        return (lapsed, warned);
    }

    private Task<bool> LapseAsync(Guid queueId, Guid staffId, string kind, DateTime? expiredUtc, DateTime now, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            var removed = await db.Set<QueueMember>().Where(m => m.QueueId == queueId && m.StaffId == staffId).ExecuteDeleteAsync(c);
            if (removed == 0)
            {
                return false;
            }

            db.Set<QueueLapse>().Add(new QueueLapse
            {
                Id = Guid.CreateVersion7(now),
                QueueId = queueId,
                StaffId = staffId,
                CertificateKind = kind,
                CertificateExpiredUtc = expiredUtc,
                LapsedUtc = now,
            });
            await db.SaveChangesAsync(c);
            log.LogInformation("Membership of staff {StaffId} in work queue {QueueId} lapsed: no valid {Kind} certificate", staffId, queueId, kind);
            return true;
        }, static _ => true, ct);

    private Task<bool> WarnAsync(Guid staffId, string kind, DateTime expiresUtc, int daysAhead, LocalizedText queueName, DateTime now, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            // A professional in two queues of the same kind gets one warning per threshold, and of two nodes only the one
            // whose insert took the key sends it: the primary key decides, the same statement on both engines.
            expiresUtc = DateTime.SpecifyKind(expiresUtc, DateTimeKind.Utc);
            var claimed = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO contacts_certificate_warnings (staff_id, certificate_kind, expires_utc, days_ahead, sent_utc) VALUES ({staffId}, {kind}, {expiresUtc}, {daysAhead}, {now}) ON CONFLICT (staff_id, certificate_kind, expires_utc, days_ahead) DO NOTHING", c);
            if (claimed == 0)
            {
                return false;
            }

            if (await people.FindStaffAsync(staffId, c) is not { } staff)
            {
                return true;
            }

            var kindName = (await certificates.GetKindsAsync(c)).FirstOrDefault(k => k.Code == kind);
            var coordinators = (await people.GetStaffAdministratorsAsync(staff.UnitIds, c)).Where(s => s.Id != staffId).ToList();
            foreach (var recipient in coordinators.Prepend(staff))
            {
                if (recipient.Email is not { Length: > 0 } email)
                {
                    continue;
                }

                // Staff have no language of their own; Finnish is the county's working language.
                const string language = "fi";
                var template = texts.Get(language, recipient.Id == staffId ? "contacts.queues.cert_warning.text" : "contacts.queues.cert_warning.coordinator_text");
                var text = string.Format(CultureInfo.InvariantCulture, template, kindName?.Name(language) ?? kind, Date(expiresUtc),
                    queueName.Get(language), staff.DisplayName) + " " + site.BaseUrl + TrainingRoutes.MyTraining;
                await outbox.EnqueueIfAbsentAsync(OutboxChannel.Email, email, WarningKey(staffId, kind, expiresUtc, daysAhead, recipient.Id), text,
                    texts.Get(language, "contacts.queues.cert_warning.subject"), cancellationToken: c);
            }

            return true;
        }, static _ => true, ct);

    /// <summary>A date as the county writes it, in Helsinki: 14.3.2027.</summary>
    public static string Date(DateTime utc) => HelsinkiTime.FormatDate(utc);

    /// <summary>The queues the professional lost in the last <see cref="ShownFor"/> and has not been given back since.</summary>
    public async Task<IReadOnlyList<LapsedQueue>> LapsedForAsync(Guid staffId, CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime - ShownFor;
        var rows = await (from l in db.Set<QueueLapse>().AsNoTracking()
                          join q in db.Set<WorkQueue>().AsNoTracking() on l.QueueId equals q.Id
                          where l.StaffId == staffId && l.LapsedUtc >= since
                                && !db.Set<QueueMember>().Any(m => m.QueueId == l.QueueId && m.StaffId == staffId)
                          orderby l.LapsedUtc descending
                          select new { q.Code, q.NameFi, q.NameSv, q.NameEn, l.CertificateKind, l.CertificateExpiredUtc, l.LapsedUtc }).ToListAsync(ct);
        return rows.DistinctBy(r => r.Code)
            .Select(r => new LapsedQueue(r.Code, new LocalizedText(r.NameFi, r.NameSv, r.NameEn), r.CertificateKind, r.CertificateExpiredUtc, r.LapsedUtc))
            .ToList();
    }

    /// <summary>The queue's memberships that lapsed in the last <see cref="ShownFor"/> and were not given back since, newest first.</summary>
    public async Task<IReadOnlyList<QueueLapse>> LapsesInQueueAsync(Guid queueId, CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime - ShownFor;
        var rows = await db.Set<QueueLapse>().AsNoTracking()
            .Where(l => l.QueueId == queueId && l.LapsedUtc >= since && !db.Set<QueueMember>().Any(m => m.QueueId == queueId && m.StaffId == l.StaffId))
            .OrderByDescending(l => l.LapsedUtc).Take(200).ToListAsync(ct);
        return [.. rows.DistinctBy(l => l.StaffId)];
    }

    /// <summary>The certificates the professional's queues require that expire within the first warning period.</summary>
    public async Task<IReadOnlyList<ExpiringQueueCertificate>> ExpiringForAsync(Guid staffId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var queues = await (from m in db.Set<QueueMember>().AsNoTracking()
                            join q in db.Set<WorkQueue>().AsNoTracking() on m.QueueId equals q.Id
                            where m.StaffId == staffId && q.RequiredCertificate != null
                            select new { q.Code, q.NameFi, q.NameSv, q.NameEn, Kind = q.RequiredCertificate! }).ToListAsync(ct);
        if (queues.Count == 0)
        {
            return [];
        }

        var held = await certificates.GetLatestAsync([staffId], ct);
        var horizon = now + TimeSpan.FromDays(WarningDays[0]);
        return queues
            .Select(q => (q, c: held.Where(c => c.Kind == q.Kind && c.IsValidAt(now)).OrderByDescending(c => c.ExpiresUtc ?? DateTime.MaxValue).FirstOrDefault()))
            .Where(x => x.c?.ExpiresUtc is { } e && e <= horizon)
            .Select(x => new ExpiringQueueCertificate(x.q.Code, new LocalizedText(x.q.NameFi, x.q.NameSv, x.q.NameEn), x.q.Kind, x.c!.ExpiresUtc!.Value))
            .ToList();
    }
}
