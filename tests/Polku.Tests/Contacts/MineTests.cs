using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts;

/// <summary>The resident's own cases, and a guardian acting for a child sees the child's, clearly marked.</summary>
[Trait("Category", "Postgres")]
public sealed class MineTests
{
    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_guardian_acting_for_a_child_sees_the_childs_cases_and_the_notice(string engine)
    {
        await using var factory = new PolkuAppFactory(engine);
        var queueId = await CallbackTestData.EnsureQueueAsync(factory, "hs-638", "hs-638");
        var (from, to) = await CallbackTestData.OpenWindowAsync(factory, queueId);

        var ville = factory.CreateBrowserLikeClient();
        await CallbackTestData.ActForAsync(ville, "Ville Vanhempi", "Onni");
        var (newHtml, token) = await SignIn.GetFormAsync(ville, "/me/callbacks/new?service=child-clinic");
        Assert.Contains("Asioit henkilön Onni Vanhempi puolesta", SignIn.Html(newHtml), StringComparison.Ordinal);
        using var posted = await SignIn.PostFormAsync(ville, "/me/callbacks/new", token, CallbackTestData.Form("child-clinic", "638", "040 765 4321", from, to));
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var page = SignIn.Html(await ville.GetStringAsync(new Uri("/me/cases", UriKind.Relative)));
        Assert.Contains("Asioit henkilön Onni Vanhempi puolesta", page, StringComparison.Ordinal);
        Assert.Contains("Avoimet asiat", page, StringComparison.Ordinal);
        Assert.Contains("Vastaanotettu", page, StringComparison.Ordinal);
        Assert.Contains("+358407654321", page, StringComparison.Ordinal);

        Guid onni, caseId;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
            var request = await db.Set<CallbackRequest>().SingleAsync();
            (onni, caseId) = (request.ResidentId, request.CaseId);
            db.Set<MessageThread>().Add(new MessageThread
            {
                Id = Guid.NewGuid(), CaseId = caseId, ResidentId = onni, QueueId = queueId, Subject = "Rokotukset",
                CreatedUtc = request.CreatedUtc, LastMessageUtc = request.CreatedUtc,
            });
            await db.SaveChangesAsync();
            Assert.True(await db.AuditEntries.AnyAsync(a => a.SubjectPersonId == onni && a.Action == "contacts.mine.read"));
        }

        using var api = await ville.GetAsync(new Uri("/api/me/cases", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        using var json = JsonDocument.Parse(await api.Content.ReadAsStringAsync());
        var first = json.RootElement[0];
        Assert.Equal(caseId, first.GetProperty("id").GetGuid());
        Assert.Equal("open", first.GetProperty("state").GetString());
        Assert.Equal("received", first.GetProperty("tasks")[0].GetProperty("status").GetString());
        Assert.StartsWith("/me/messages/", first.GetProperty("threads")[0].GetProperty("link").GetString(), StringComparison.Ordinal);

        // The guardian's own page (not acting) and another resident do not show the child's case.
        var maija = factory.CreateBrowserLikeClient();
        await SignIn.SignInAsResidentAsync(maija, "Maija Meikäläinen");
        Assert.DoesNotContain("Rokotukset", await maija.GetStringAsync(new Uri("/me/cases", UriKind.Relative)), StringComparison.Ordinal);
        Assert.DoesNotContain(caseId.ToString(), await maija.GetStringAsync(new Uri("/api/me/cases", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("href=\"/me/cases\"", await maija.GetStringAsync(new Uri("/me", UriKind.Relative)), StringComparison.Ordinal);
    }
}
