using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Contracts;
using Polku.Contacts.Data;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts;

/// <summary>A care relationship opens a resident's data; without one, only a reason opens it, flagged as emergency access.</summary>
[Trait("Category", "Postgres")]
public sealed class AccessTests
{
    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Inside_the_unit_the_data_opens_outside_it_only_with_a_reason_and_the_audit_row_is_flagged(string engine)
    {
        await using var factory = new PolkuAppFactory(engine);
        var queueId = await CallbackTestData.EnsureQueueAsync(factory, "hs-638", "hs-638");
        var (from, to) = await CallbackTestData.OpenWindowAsync(factory, queueId);
        var maija = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        var (_, token) = await SignIn.GetFormAsync(maija, "/me/callbacks/new");
        using var posted = await SignIn.PostFormAsync(maija, "/me/callbacks/new", token, CallbackTestData.Form("health-station", "638", "040 123 4567", from, to));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        Guid residentId, porvooNurse, loviisaNurse;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            residentId = (await db.Set<CallbackRequest>().SingleAsync()).ResidentId;
            var people = scope.ServiceProvider.GetRequiredService<IPeopleDirectory>();
            porvooNurse = (await people.FindStaffByLoginAsync("hoitaja.porvoo"))!.Id;
            loviisaNurse = (await people.FindStaffByLoginAsync("hoitaja.loviisa"))!.Id;
            var care = scope.ServiceProvider.GetRequiredService<ICareRelationship>();
            Assert.True(await care.ExistsAsync(porvooNurse, residentId));
            Assert.False(await care.ExistsAsync(loviisaNurse, residentId));
        }

        var inside = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(inside, "hoitaja.porvoo");
        var page = SignIn.Html(await inside.GetStringAsync(new Uri($"/desk/residents/{residentId}", UriKind.Relative)));
        Assert.Contains("Maija Meikäläinen", page, StringComparison.Ordinal);

        var outside = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(outside, "hoitaja.loviisa");
        var (form, staffToken) = await SignIn.GetFormAsync(outside, $"/desk/residents/{residentId}");
        Assert.DoesNotContain("Meikäläinen", SignIn.Html(form), StringComparison.Ordinal);
        Assert.Contains("Input.Reason", form, StringComparison.Ordinal);

        using var noReason = await SignIn.PostFormAsync(outside, $"/desk/residents/{residentId}", staffToken, [new("Input.Reason", "short"), new("Input.Confirm", "true")]);
        var noReasonHtml = SignIn.Html(await noReason.Content.ReadAsStringAsync());
        Assert.DoesNotContain("Meikäläinen", noReasonHtml, StringComparison.Ordinal);
        Assert.Contains("error-summary", noReasonHtml, StringComparison.Ordinal);

        const string reason = "Resident called the on-call line, needs the earlier call-back";
        using var withReason = await SignIn.PostFormAsync(outside, $"/desk/residents/{residentId}", staffToken, [new("Input.Reason", reason), new("Input.Confirm", "true")]);
        Assert.Equal(HttpStatusCode.OK, withReason.StatusCode);
        Assert.Contains("Maija Meikäläinen", SignIn.Html(await withReason.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        using var scope2 = factory.Services.CreateScope();
        var audit = scope2.ServiceProvider.GetRequiredService<PolkuDb>().AuditEntries;
        var normal = await audit.SingleAsync(a => a.ActorId == porvooNurse && a.Action == "contacts.resident.read");
        Assert.False(normal.Emergency);
        var emergency = await audit.SingleAsync(a => a.ActorId == loviisaNurse && a.Action == "contacts.resident.read");
        Assert.True(emergency.Emergency);
        Assert.Equal(reason, emergency.Reason);
        Assert.Equal(residentId, emergency.SubjectPersonId);
    }
}
