using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Region.Contracts;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts;

/// <summary>Queues and members for the call-back tests, and a window inside the health station's opening hours.</summary>
internal static partial class CallbackTestData
{
    /// <summary>The queue with the code, created for the unit (its opening hours are the queue's) when it does not exist yet.</summary>
    public static async Task<Guid> EnsureQueueAsync(PolkuAppFactory factory, string code, string unitCode, params string[] memberLogins)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var unit = await scope.ServiceProvider.GetRequiredService<IUnitDirectory>().FindByCodeAsync(unitCode);
        Assert.NotNull(unit);
        var queue = await db.Set<WorkQueue>().FirstOrDefaultAsync(q => q.Code == code);
        if (queue is null)
        {
            queue = new WorkQueue
            {
                Id = Guid.NewGuid(), Code = code, NameFi = code, NameSv = code, NameEn = code, UnitId = unit.Id, HoursUnitId = unit.Id,
                TargetP1Minutes = 30, TargetP2Minutes = 120, TargetP3Minutes = 960, TargetP4Minutes = 1920,
            };
            db.Set<WorkQueue>().Add(queue);
        }

        var people = scope.ServiceProvider.GetRequiredService<IPeopleDirectory>();
        foreach (var login in memberLogins)
        {
            var staff = await people.FindStaffByLoginAsync(login);
            Assert.NotNull(staff);
            if (!await db.Set<QueueMember>().AnyAsync(m => m.QueueId == queue.Id && m.StaffId == staff.Id))
            {
                db.Set<QueueMember>().Add(new QueueMember { QueueId = queue.Id, StaffId = staff.Id });
            }
        }

        await db.SaveChangesAsync();
        return queue.Id;
    }

    /// <summary>An hour inside the queue's opening hours, starting at least two hours from now (Helsinki time).</summary>
    public static async Task<(DateTimeOffset From, DateTimeOffset To)> OpenWindowAsync(PolkuAppFactory factory, Guid queueId)
    {
        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
        var queue = await db.Set<WorkQueue>().FirstAsync(q => q.Id == queueId);
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var start = now.AddHours(2);
        var hours = queue.HoursUnitId is { } unitId ? await scope.ServiceProvider.GetRequiredService<IUnitDirectory>().OpeningHoursAsync(unitId) : null;
        if (hours is not null)
        {
            var open = hours.OpenIntervals(start, now.AddDays(13)).First(i => i.End - i.Start >= TimeSpan.FromHours(1));
            start = open.Start;
        }

        // Whole minutes, as the form has them.
        var local = HelsinkiTime.InHelsinki(start);
        local = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, local.Offset).AddMinutes(1);
        return (local, local.AddMinutes(45));
    }

    /// <summary>A window at 02:00–03:00 Helsinki time tomorrow, when a health station is closed.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) NightWindow(TimeProvider time)
    {
        var tomorrow = HelsinkiTime.LocalDate(time.GetUtcNow()).AddDays(1);
        return (HelsinkiTime.ToInstant(tomorrow, new TimeOnly(2, 0)), HelsinkiTime.ToInstant(tomorrow, new TimeOnly(3, 0)));
    }

    public static IEnumerable<KeyValuePair<string, string>> Form(string service, string municipality, string phone, DateTimeOffset from, DateTimeOffset to)
    {
        var local = HelsinkiTime.InHelsinki(from);
        var end = HelsinkiTime.InHelsinki(to);
        return new Dictionary<string, string>
        {
            ["Input.ServiceCode"] = service,
            ["Input.Municipality"] = municipality,
            ["Input.Phone"] = phone,
            ["Input.Date"] = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["Input.From"] = local.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["Input.To"] = end.ToString("HH:mm", CultureInfo.InvariantCulture),
        };
    }

    public static string Iso(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    /// <summary>Signs in as a guardian and starts acting for the named ward through the own page.</summary>
    public static async Task ActForAsync(HttpClient client, string guardian, string wardFirstName)
    {
        await SignIn.SignInAsResidentAsync(client, guardian);
        var (html, token) = await SignIn.GetFormAsync(client, "/me");
        var ward = WardRegex().Matches(html).First(m => SignIn.Html(m.Groups[2].Value).Contains(wardFirstName, StringComparison.Ordinal)).Groups[1].Value;
        using var act = await SignIn.PostFormAsync(client, "/me?handler=Act", token, [new("wardId", ward)]);
        Assert.Equal(HttpStatusCode.Redirect, act.StatusCode);
    }

    [GeneratedRegex("name=\"wardId\" value=\"([0-9a-f-]+)\">\\s*<button[^>]*>([^<]*)</button>")]
    private static partial Regex WardRegex();
}
