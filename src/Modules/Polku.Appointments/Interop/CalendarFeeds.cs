using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Data;
using Polku.Appointments.Notifications;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.Appointments.Interop;

/// <summary>
/// Kalenterisyöte — a professional's private, read-only iCalendar feed of their own appointments at a secret URL
/// (<c>/calendar/{token}.ics</c>). The token is the only credential, so it is 32 random bytes (256 bits), shown
/// only to its owner, and rotating it makes the old URL answer 404 at once.
/// </summary>
/// <remarks>
/// What the feed shows is the least that lets a professional recognise an appointment in their own calendar
/// program, which may sync to a phone or a cloud service outside the county's systems: the time, the mode
/// (in person / video / phone), the unit and the resident's initials, and whether it was cancelled. Never the
/// service (a maternity clinic or a mental-health appointment is health information), names, identity codes,
/// phone numbers, reasons, outcomes or video room ids.
/// </remarks>
internal sealed class CalendarFeeds(PolkuDb db, UnitOfWork unit, TimeProvider time, IPeopleDirectory people, IUnitDirectory units, Texts texts)
{
    /// <summary>How far back the feed reaches; forward it reaches every appointment already booked.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(30);

    /// <summary>The most events one feed carries (a year of a busy calendar).</summary>
    public const int MaxEvents = 5000;

    /// <summary>Length of a token: 32 bytes in base64url without padding.</summary>
    public const int TokenLength = 43;

    public static string NewToken() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>Whether the text can be a token at all (checked before the database is asked).</summary>
    public static bool LooksLikeToken(string token) =>
        token.Length == TokenLength && token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    public async Task<CalendarFeed?> FindAsync(Guid staffId, CancellationToken ct) =>
        await db.Set<CalendarFeed>().AsNoTracking().FirstOrDefaultAsync(f => f.StaffId == staffId, ct);

    /// <summary>Creates the professional's feed, or gives it a new token (the old URL stops working at once).</summary>
    public Task<CalendarFeed> CreateOrRotateAsync(Guid staffId, CancellationToken ct) =>
        unit.RunAsync(c => CreateOrRotateInUnitAsync(staffId, c), static _ => true, ct);

    private async Task<CalendarFeed> CreateOrRotateInUnitAsync(Guid staffId, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        for (var attempt = 0; ; attempt++)
        {
            var token = NewToken();
            var rotated = await db.Set<CalendarFeed>().Where(f => f.StaffId == staffId)
                .ExecuteUpdateAsync(u => u.SetProperty(f => f.Token, token).SetProperty(f => f.CreatedUtc, now), ct);
            if (rotated == 1)
            {
                return new CalendarFeed { StaffId = staffId, Token = token, CreatedUtc = now };
            }

            var feed = new CalendarFeed { StaffId = staffId, Token = token, CreatedUtc = now };
            db.Set<CalendarFeed>().Add(feed);
            try
            {
                // Flushed here (EF keeps a savepoint around it in the unit) so that a collision is caught in the unit.
                await db.SaveChangesAsync(ct);
                return feed;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Two tabs created the feed at the same moment: the other insert won, so rotate that one instead.
                db.Entry(feed).State = EntityState.Detached;
            }
        }
    }

    /// <summary>Turns the feed off: the URL answers 404 from now on.</summary>
    public Task<bool> DeleteAsync(Guid staffId, CancellationToken ct) =>
        unit.RunAsync(async c => await db.Set<CalendarFeed>().Where(f => f.StaffId == staffId).ExecuteDeleteAsync(c) > 0, static _ => true, ct);

    /// <summary>The owner of a token, or null.</summary>
    public async Task<Guid?> OwnerAsync(string token, CancellationToken ct) =>
        LooksLikeToken(token)
            ? await db.Set<CalendarFeed>().AsNoTracking().Where(f => f.Token == token).Select(f => (Guid?)f.StaffId).FirstOrDefaultAsync(ct)
            : null;

    /// <summary>The professional's appointments from 30 days back onwards (held and expired holds left out).</summary>
    public async Task<IReadOnlyList<Appointment>> AppointmentsAsync(Guid staffId, CancellationToken ct)
    {
        var from = time.GetUtcNow().UtcDateTime - History;
        return await db.Set<Appointment>().AsNoTracking()
            .Where(a => a.StaffId == staffId && a.StartUtc >= from && a.Status != AppointmentStatus.Held && a.Status != AppointmentStatus.Expired)
            .OrderBy(a => a.StartUtc)
            .Take(MaxEvents)
            .ToListAsync(ct);
    }

    /// <summary>The feed file in <paramref name="language"/>, and the residents it mentions (for the audit log).</summary>
    public async Task<(byte[] Ics, IReadOnlyList<Guid> Residents)> RenderAsync(Guid staffId, string language, string deskUrl, CancellationToken ct)
    {
        var list = await AppointmentsAsync(staffId, ct);
        var residents = (await people.GetResidentsAsync(list.Select(a => a.ResidentId).Distinct(), ct)).ToDictionary(r => r.Id);
        var unitNames = (await units.GetAsync(list.Select(a => a.UnitId).Distinct(), ct)).ToDictionary(u => u.Id, u => u.Name.Get(language));
        var events = list.Select(a =>
        {
            var initials = residents.TryGetValue(a.ResidentId, out var r) ? Initials(r.FirstName, r.LastName) : "?";
            var mode = texts.Get(language, "appointments.interop.feed.mode_" + Api.Modes.Name(a.Mode));
            var summary = string.Format(System.Globalization.CultureInfo.GetCultureInfo(language), texts.Get(language, "appointments.interop.feed.summary"), mode, initials);
            return new CalendarEvent(a, summary, unitNames.GetValueOrDefault(a.UnitId) ?? "", deskUrl);
        }).ToList();
        var name = texts.Get(language, "appointments.interop.feed.name");
        return (ICalendar.Feed(name, events, time.GetUtcNow().UtcDateTime), list.Select(a => a.ResidentId).Distinct().ToList());
    }

    /// <summary>Initials as a professional writes them: <c>M.M.</c>; the first letter of each part of a double name is enough.</summary>
    public static string Initials(string firstName, string lastName)
    {
        static string First(string name) =>
            name.Trim() is { Length: > 0 } t && t.EnumerateRunes().First() is var r && Rune.IsLetter(r) ? r.ToString().ToUpperInvariant() + "." : "";

        var initials = First(firstName) + First(lastName);
        return initials.Length > 0 ? initials : "?";
    }
}
