using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Polku.Identity.Auth;
using Polku.Identity.Contracts;
using Polku.Identity.Data;
using Polku.Platform.Caching;
using Polku.Platform.Localization;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Platform.Web;
using Polku.Training.Contracts;

namespace Polku.Identity.StaffAdmin;

/// <summary>A role's requirement as the coordinator sees it: the kind (null: none) and how many holders lack a valid certificate of it.</summary>
internal sealed record RoleRequirementView(string Role, string? CertificateKind, int Holders, int HoldersWithout);

/// <summary>A role the professional lost because its certificate was no longer valid.</summary>
internal sealed record LapsedRole(string Role, string CertificateKind, DateTime? CertificateExpiredUtc, DateTime LapsedUtc);

/// <summary>
/// Certificates gate roles (spec 07, issue 16): a county may say that a role — trainer, organiser, service manager or
/// service desk — requires a valid certificate of a kind the Training module issues.
/// <list type="bullet">
/// <item><b>Grant</b>: a role newly given (form, API, HR import) is refused with <see cref="CertificateRequired"/> when
/// the professional holds no valid certificate of the kind; roles already held are not re-checked by an edit.</item>
/// <item><b>Lapse</b>: a holder whose certificate is not valid now loses the role. The delete of the role row decides
/// (of two nodes only the one that deleted it writes the lapse, the history line and ends the sessions, in one unit of
/// work), so the session's claims never outlive the certificate by more than one run.</item>
/// <item><b>Warnings</b> <see cref="WarningDays"/> days before expiry, to the professional and the coordinators of
/// their units, each claimed once across nodes by the primary key of <c>identity_certificate_warnings</c>.</item>
/// </list>
/// The professional and the coordinator role are never gated: everyone is a professional, and a lapse must never leave
/// a county without the people who administer it.
/// </summary>
internal sealed class RoleCertificates(PolkuDb db, UnitOfWork unit, ReferenceCache cache, ICertificateRegistry certificates, IPeopleDirectory people, Outbox outbox,
    Texts texts, PublicSite site, TimeProvider time, ILogger<RoleCertificates> log)
{
    public const string CertificateRequired = "staff.certificate_required";
    public const string NotGateable = "staff.roles.not_gateable";
    public const string KindUnknown = "staff.roles.kind_unknown";

    /// <summary>The history's action and source of a lapse.</summary>
    public const string LapseAction = "role-lapsed";
    public const string LapseSource = "certificate";

    /// <summary>The roles a county may gate by a certificate.</summary>
    public static readonly IReadOnlyList<string> Gateable = [PolkuRoles.Trainer, PolkuRoles.Organiser, PolkuRoles.ServiceManager, PolkuRoles.ServiceDeskRole];

    /// <summary>Days before expiry a warning goes, largest first.</summary>
    public static readonly IReadOnlyList<int> WarningDays = [30, 7];

    /// <summary>How long the staff page keeps showing a lapsed role.</summary>
    public static readonly TimeSpan ShownFor = TimeSpan.FromDays(60);

    /// <summary>role → certificate kind, for the roles that require one.</summary>
    public async Task<IReadOnlyDictionary<string, string>> RequirementsAsync(CancellationToken ct) =>
        await db.Set<RoleRequirement>().AsNoTracking().ToDictionaryAsync(r => r.Role, r => r.CertificateKind, StringComparer.Ordinal, ct);

    /// <summary>Every gateable role with its requirement and holders, for the coordinator's page.</summary>
    public async Task<IReadOnlyList<RoleRequirementView>> ListAsync(CancellationToken ct)
    {
        var requirements = await RequirementsAsync(ct);
        var holders = (await db.Set<StaffRole>().AsNoTracking().Where(r => Gateable.Contains(r.Role)).ToListAsync(ct)).ToLookup(r => r.Role, r => r.StaffId);
        var now = time.GetUtcNow().UtcDateTime;
        var result = new List<RoleRequirementView>();
        foreach (var role in Gateable)
        {
            var ids = holders[role].ToList();
            var without = 0;
            if (requirements.TryGetValue(role, out var kind) && ids.Count > 0)
            {
                var valid = (await certificates.GetLatestAsync(ids, ct)).Where(c => c.Kind == kind && c.IsValidAt(now)).Select(c => c.StaffId).ToHashSet();
                without = ids.Count(id => !valid.Contains(id));
            }

            result.Add(new RoleRequirementView(role, requirements.GetValueOrDefault(role), ids.Count, without));
        }

        return result;
    }

    /// <summary>Sets (or with a null kind removes) a role's requirement; only a coordinator of the whole county.</summary>
    public Task<Result<bool>> SetAsync(AdminScope scope, string role, string? kind, CancellationToken ct) =>
        unit.RunAsync<bool>(async c =>
        {
            if (!scope.CanSetAdminScope)
            {
                return Error.Forbidden(StaffChanges.NotAllowed);
            }

            if (!Gateable.Contains(role, StringComparer.Ordinal))
            {
                return Error.Validation(NotGateable, "Role");
            }

            kind = string.IsNullOrWhiteSpace(kind) ? null : kind.Trim();
            if (kind is not null && !(await certificates.GetKindsAsync(c)).Any(k => k.Code == kind))
            {
                return Error.Validation(KindUnknown, "Kind");
            }

            var row = await db.Set<RoleRequirement>().FirstOrDefaultAsync(r => r.Role == role, c);
            if (row?.CertificateKind == kind)
            {
                return false;
            }

            if (kind is null)
            {
                db.Set<RoleRequirement>().Remove(row!);
            }
            else
            {
                if (row is null)
                {
                    row = new RoleRequirement { Role = role };
                    db.Set<RoleRequirement>().Add(row);
                }

                row.CertificateKind = kind;
                row.ChangedBy = scope.ActorName.Length <= StaffRules.NameMax ? scope.ActorName : scope.ActorName[..StaffRules.NameMax];
                row.ChangedUtc = time.GetUtcNow().UtcDateTime;
            }

            await db.SaveChangesAsync(c);
            return true;
        }, ct);

    /// <summary>The first role of <paramref name="after"/> newly given that requires a certificate its holder lacks, as a validation error on Roles.</summary>
    public async Task<Error?> CheckGrantAsync(StaffSnapshot? before, StaffSnapshot after, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(after);
        var granted = after.Roles.Except(before?.Roles ?? [], StringComparer.Ordinal).ToList();
        if (granted.Count == 0)
        {
            return null;
        }

        var requirements = await RequirementsAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var role in granted)
        {
            if (requirements.TryGetValue(role, out var kind)
                && (before is null || await certificates.FindValidAsync(after.Id, kind, now, ct) is null))
            {
                // A new account holds no certificate yet: it gets the role once trained.
                return Error.Validation(CertificateRequired, "Roles");
            }
        }

        return null;
    }

    /// <summary>The same check for many accounts at once (the HR import): staff id → the refused role, for those refused.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> CheckGrantsAsync(IReadOnlyList<(StaffSnapshot? Before, StaffSnapshot After)> changes, CancellationToken ct)
    {
        var requirements = await RequirementsAsync(ct);
        var refused = new Dictionary<Guid, string>();
        if (requirements.Count == 0)
        {
            return refused;
        }

        var needing = changes
            .Select(x => (x.Before, x.After, Roles: x.After.Roles.Except(x.Before?.Roles ?? [], StringComparer.Ordinal).Where(requirements.ContainsKey).ToList()))
            .Where(x => x.Roles.Count > 0).ToList();
        var now = time.GetUtcNow().UtcDateTime;
        var valid = (await certificates.GetLatestAsync(needing.Where(x => x.Before is not null).Select(x => x.After.Id).Distinct(), ct))
            .Where(c => c.IsValidAt(now)).Select(c => (c.StaffId, c.Kind)).ToHashSet();
        foreach (var (before, after, roles) in needing)
        {
            if (roles.FirstOrDefault(r => before is null || !valid.Contains((after.Id, requirements[r]))) is { } role)
            {
                refused[after.Id] = role;
            }
        }

        return refused;
    }

    /// <summary>Lapses and warns as of now; returns (lapsed roles, warnings claimed). Safe on several nodes at once.</summary>
    public async Task<(int Lapsed, int Warned)> RunAsync(CancellationToken ct)
    {
        var requirements = await RequirementsAsync(ct);
        if (requirements.Count == 0)
        {
            return (0, 0);
        }

        var roles = requirements.Keys.ToList();
        var holders = await db.Set<StaffRole>().AsNoTracking().Where(r => roles.Contains(r.Role)).ToListAsync(ct);
        var now = time.GetUtcNow().UtcDateTime;
        var latest = (await certificates.GetLatestAsync(holders.Select(h => h.StaffId).Distinct(), ct))
            .GroupBy(c => (c.StaffId, c.Kind))
            .ToDictionary(g => g.Key, g => g.OrderByDescending(c => c.ExpiresUtc ?? DateTime.MaxValue).First());
        var lapsed = 0;
        var warned = 0;
        foreach (var holder in holders)
        {
            var kind = requirements[holder.Role];
            latest.TryGetValue((holder.StaffId, kind), out var certificate);
            if (certificate is null || !certificate.IsValidAt(now))
            {
                if (await LapseAsync(holder.StaffId, holder.Role, kind, certificate?.ExpiresUtc, now, ct))
                {
                    lapsed++;
                }

                continue;
            }

            // Only the nearest threshold reached: certified with 10 days left, the 30-day warning now and the 7-day one later.
            if (certificate.ExpiresUtc is { } expires
                && WarningDays.Where(d => expires - TimeSpan.FromDays(d) <= now).DefaultIfEmpty(0).Min() is var due and > 0
                && await WarnAsync(holder.StaffId, holder.Role, kind, expires, due, now, ct))
            {
                warned++;
            }
        }

        return (lapsed, warned);
    }

    /// <summary>The roles the professional lost in the last <see cref="ShownFor"/> and has not been given back since.</summary>
    public async Task<IReadOnlyList<LapsedRole>> LapsedForAsync(Guid staffId, CancellationToken ct)
    {
        var since = time.GetUtcNow().UtcDateTime - ShownFor;
        var rows = await db.Set<RoleLapse>().AsNoTracking()
            .Where(l => l.StaffId == staffId && l.LapsedUtc >= since && !db.Set<StaffRole>().Any(r => r.StaffId == staffId && r.Role == l.Role))
            .OrderByDescending(l => l.LapsedUtc).ToListAsync(ct);
        return [.. rows.DistinctBy(l => l.Role).Select(l => new LapsedRole(l.Role, l.CertificateKind, l.CertificateExpiredUtc, l.LapsedUtc))];
    }

    /// <summary>The certificate kinds with their names in the language.</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> KindsAsync(string language, CancellationToken ct) =>
        [.. (await certificates.GetKindsAsync(ct)).Select(k => (k.Code, k.Name(language)))];

    private Task<bool> LapseAsync(Guid staffId, string role, string kind, DateTime? expiredUtc, DateTime now, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            var removed = await db.Set<StaffRole>().Where(r => r.StaffId == staffId && r.Role == role).ExecuteDeleteAsync(c);
            if (removed == 0)
            {
                return false;
            }

            // The account's version moves on, so an editor who loaded the role before the lapse cannot save it back unseen.
            await db.Set<StaffMember>().Where(s => s.Id == staffId).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), c);
            var remaining = await db.Set<StaffRole>().Where(r => r.StaffId == staffId).Select(r => r.Role).ToListAsync(c);
            var before = string.Join('|', remaining.Append(role).Order(StringComparer.Ordinal));
            var after = string.Join('|', remaining.Order(StringComparer.Ordinal));
            db.Set<RoleLapse>().Add(new RoleLapse
            {
                Id = Guid.CreateVersion7(now),
                StaffId = staffId,
                Role = role,
                CertificateKind = kind,
                CertificateExpiredUtc = expiredUtc,
                LapsedUtc = now,
            });
            db.Set<StaffChange>().Add(new StaffChange
            {
                Id = Guid.CreateVersion7(now),
                StaffId = staffId,
                AtUtc = now,
                ByName = "Polku",
                Action = LapseAction,
                Source = LapseSource,
                Details = StaffChanges.ToJson([new FieldChange(StaffChanges.RolesField, before, after)]),
            });
            await SessionStore.EndStaffSessionsAsync(db, unit, cache, [staffId], c);
            await db.SaveChangesAsync(c);
            await NotifyAsync(staffId, kind, expiredUtc ?? now, role, daysAhead: 0, c);
            log.LogInformation("Role {Role} of staff {StaffId} lapsed: no valid {Kind} certificate", role, staffId, kind);
            return true;
        }, static _ => true, ct);

    private Task<bool> WarnAsync(Guid staffId, string role, string kind, DateTime expiresUtc, int daysAhead, DateTime now, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            // Two gated roles of the same kind get one warning per threshold; of two nodes only the one whose insert took the key sends it.
            expiresUtc = DateTime.SpecifyKind(expiresUtc, DateTimeKind.Utc);
            var claimed = await db.Database.ExecuteSqlAsync(
                $"INSERT INTO identity_certificate_warnings (staff_id, certificate_kind, expires_utc, days_ahead, sent_utc) VALUES ({staffId}, {kind}, {expiresUtc}, {daysAhead}, {now}) ON CONFLICT (staff_id, certificate_kind, expires_utc, days_ahead) DO NOTHING", c);
            if (claimed == 0)
            {
                return false;
            }

            await NotifyAsync(staffId, kind, expiresUtc, role, daysAhead, c);
            return true;
        }, static _ => true, ct);

    /// <summary>E-mails the professional and the coordinators of their units: a warning (days ahead &gt; 0) or the lapse (0).</summary>
    private async Task NotifyAsync(Guid staffId, string kind, DateTime expiresUtc, string role, int daysAhead, CancellationToken ct)
    {
        if (await people.FindStaffAsync(staffId, ct) is not { } staff)
        {
            return;
        }

        // Staff have no language of their own; Finnish is the county's working language.
        const string language = "fi";
        var kindName = (await certificates.GetKindsAsync(ct)).FirstOrDefault(k => k.Code == kind)?.Name(language) ?? kind;
        var roleName = texts.Get(language, "identity.role." + role);
        var stage = daysAhead > 0 ? "warning" : "lapsed";
        var coordinators = (await people.GetStaffAdministratorsAsync(staff.UnitIds, ct)).Where(s => s.Id != staffId).ToList();
        foreach (var recipient in coordinators.Prepend(staff))
        {
            if (recipient.Email is not { Length: > 0 } email)
            {
                continue;
            }

            var whom = recipient.Id == staffId ? "self" : "coordinator";
            var text = string.Format(CultureInfo.InvariantCulture, texts.Get(language, $"staff.role_cert.{stage}.{whom}"), roleName, kindName, HelsinkiTime.FormatDate(expiresUtc), staff.DisplayName)
                + " " + site.BaseUrl + TrainingRoutes.MyTraining;
            var key = string.Create(CultureInfo.InvariantCulture, $"role-cert:{staffId:D}:{role}:{kind}:{expiresUtc:O}:{daysAhead}:{recipient.Id:D}");
            await outbox.EnqueueIfAbsentAsync(OutboxChannel.Email, email, key, text, texts.Get(language, $"staff.role_cert.{stage}.subject"), cancellationToken: ct);
        }
    }
}
