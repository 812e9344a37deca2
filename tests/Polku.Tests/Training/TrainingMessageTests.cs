using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Data;
using Polku.Platform.Localization;
using Polku.Tests.TestSupport;
using Polku.Training.Data;
using Polku.Training.Enrolment;
using Polku.Training.Messages;
using static Polku.Tests.Training.TrainingTestData;

namespace Polku.Tests.Training;

/// <summary>
/// Issue 16, part 6: the coordinator edits the texts of the automatic messages (checked placeholders, optimistic
/// concurrency, restore default — the next e-mail uses them), and the coordinator or the group's trainer messages a
/// group's participants once each through the outbox, a double post sending once.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class TrainingMessageTests
{
    private static PolkuAppFactory App(string engine) => new(engine) { Time = new ManualTimeProvider(Monday) };

    private static KeyValuePair<string, string> F(string name, string value) => new(name, value);

    private static async Task<Guid> EnrolAsync(PolkuAppFactory app, string login, Guid groupId, bool waitingList = false)
    {
        var staff = await StaffAsync(app, login);
        await using var scope = app.Services.CreateAsyncScope();
        var result = await scope.ServiceProvider.GetRequiredService<EnrolmentService>().EnrolAsync(staff.Id, groupId, waitingList, default);
        Assert.True(result.IsSuccess, result.Error?.Code);
        return result.Value!.EnrolmentId;
    }

    /// <summary>The edit form's fields: the given Finnish texts and the defaults in Swedish and English.</summary>
    private static List<KeyValuePair<string, string>> TextFields(Texts texts, string subjectFi, string bodyFi, int versionFi = 0, string? bodySv = null) =>
    [
        F("Input.SubjectFi", subjectFi), F("Input.BodyFi", bodyFi),
        F("Input.SubjectSv", texts.Get("sv", "training.message.enrolled.subject")), F("Input.BodySv", bodySv ?? texts.Get("sv", "training.message.enrolled.body")),
        F("Input.SubjectEn", texts.Get("en", "training.message.enrolled.subject")), F("Input.BodyEn", texts.Get("en", "training.message.enrolled.body")),
        F("Input.VersionFi", versionFi.ToString(System.Globalization.CultureInfo.InvariantCulture)), F("Input.VersionSv", "0"), F("Input.VersionEn", "0"),
    ];

    [Fact]
    public void Every_default_text_uses_only_its_messages_placeholders_and_bad_braces_are_found()
    {
        using var app = new PolkuAppFactory();
        var texts = app.Services.GetRequiredService<Texts>();
        foreach (var kind in TrainingMessageKinds.All)
        {
            foreach (var language in LocalizedText.Languages)
            {
                foreach (var part in new[] { ".subject", ".body" })
                {
                    Assert.Null(MessageTemplate.Check(texts.Get(language, kind.TextKey + part), kind.Placeholders.Count));
                }
            }
        }

        Assert.Null(MessageTemplate.Check("{0} ja {{kaarisulkeet}} {1}", 2));
        Assert.Equal(MessageTextErrors.UnknownPlaceholder, MessageTemplate.Check("Kurssi {5}", 3));
        Assert.Equal(MessageTextErrors.UnknownPlaceholder, MessageTemplate.Check("{2}", 2));
        foreach (var bad in new[] { "Kurssi {0", "Kurssi }", "{}", "{x}", "{-1}", "{0:yyyy}", "{0,5}", "{ 0}", "{99999}" })
        {
            Assert.Equal(MessageTextErrors.Malformed, MessageTemplate.Check(bad, 3));
            Assert.Null(MessageTemplate.TryFill(System.Globalization.CultureInfo.InvariantCulture, bad, 3, ["a", "b", "c"]));
        }
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task An_own_text_changes_the_next_confirmation_bad_placeholders_are_refused_and_restoring_the_default_reverts(string engine)
    {
        await using var app = App(engine);
        var texts = app.Services.GetRequiredService<Texts>();
        var group = await NewGroupAsync(app, "CHAT-1", 10, (new DateOnly(2026, 5, 4), new TimeOnly(9, 0), new TimeOnly(12, 0)));
        var coordinator = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(coordinator, "koordinaattori");

        var list = SignIn.Html(await coordinator.GetStringAsync(new Uri("/training/admin/messages", UriKind.Relative)));
        foreach (var kind in TrainingMessageKinds.All)
        {
            Assert.Contains(texts.Get("fi", "training.msgadmin.kind." + kind.Name), list, StringComparison.Ordinal);
        }

        Assert.Contains(texts.Get("fi", "training.msgadmin.placeholder.position"), list, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync(new Uri("/training/admin/messages/nope", UriKind.Relative))).StatusCode);

        var (form, token) = await SignIn.GetFormAsync(coordinator, "/training/admin/messages/enrolled");
        Assert.Contains(texts.Get("fi", "training.message.enrolled.body"), SignIn.Html(form), StringComparison.Ordinal);

        // {5} where the message has 0–1, a brace left open, an empty subject: each refused on its field, the typed texts kept.
        using (var bad = await SignIn.PostFormAsync(coordinator, "/training/admin/messages/enrolled", token,
            TextFields(texts, "", "Kurssi {5} alkaa", bodySv: "Kursen {0 börjar")))
        {
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            var page = SignIn.Html(await bad.Content.ReadAsStringAsync());
            Assert.Contains(texts.Get("fi", MessageTextErrors.UnknownPlaceholder), page, StringComparison.Ordinal);
            Assert.Contains(texts.Get("fi", MessageTextErrors.Malformed), page, StringComparison.Ordinal);
            Assert.Contains(texts.Get("fi", MessageTextErrors.Required), page, StringComparison.Ordinal);
            Assert.Contains(">Kurssi {5} alkaa</textarea>", page, StringComparison.Ordinal);
            Assert.Contains(">Kursen {0 börjar</textarea>", page, StringComparison.Ordinal);
        }

        Assert.Empty(await WithDbAsync(app, db => db.Set<MessageTextOverride>().ToListAsync()));

        // The preview fills the sample values and saves nothing.
        using (var preview = await SignIn.PostFormAsync(coordinator, "/training/admin/messages/enrolled?handler=Preview", token,
            TextFields(texts, "Paikka: {0}", "Oma teksti: {0} alkaa {1}.")))
        {
            var page = SignIn.Html(await preview.Content.ReadAsStringAsync());
            Assert.Contains("Oma teksti: " + texts.Get("fi", "training.msgadmin.sample.course") + " alkaa " + texts.Get("fi", "training.msgadmin.sample.start") + ".", page, StringComparison.Ordinal);
        }

        Assert.Empty(await WithDbAsync(app, db => db.Set<MessageTextOverride>().ToListAsync()));

        using (var saved = await SignIn.PostFormAsync(coordinator, "/training/admin/messages/enrolled", token, TextFields(texts, "Paikka vahvistettu: {0}", "Oma teksti: {0} alkaa {1}.")))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var rows = await WithDbAsync(app, db => db.Set<MessageTextOverride>().AsNoTracking().Where(o => o.TextKey == "enrolled").OrderBy(o => o.Language).ToListAsync());
        Assert.Equal(["en", "fi", "sv"], rows.Select(r => r.Language));
        // Swedish and English were sent as the defaults: stored empty, so they follow the defaults.
        Assert.Equal(("Oma teksti: {0} alkaa {1}.", "", "", "Kaisa Koordinaattori"), (rows[1].Body, rows[2].Body, rows[0].Subject, rows[1].UpdatedByName));

        // A second editor's form read before that save is stale: refused, nothing overwritten.
        using (var stale = await SignIn.PostFormAsync(coordinator, "/training/admin/messages/enrolled", token, TextFields(texts, "Toinen", "Toinen teksti {0}")))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
            Assert.Contains(texts.Get("fi", MessageTextErrors.Stale), SignIn.Html(await stale.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        }

        var first = await EnrolAsync(app, "hoitaja.loviisa", group);
        var email = Assert.Single(await OutboxAsync(app, $"training:enrolled:{first:D}"));
        Assert.Equal("Paikka vahvistettu: Chatin perusteet", email.Subject);
        Assert.StartsWith("Paikka vahvistettu: Chatin perusteet\nOma teksti: Chatin perusteet alkaa ", email.Body, StringComparison.Ordinal);
        Assert.Contains(texts.Get("sv", "training.message.enrolled.subject"), email.Body, StringComparison.Ordinal);
        Assert.Contains("/training/groups/" + group.ToString("D"), email.Body, StringComparison.Ordinal);
        Assert.Contains(texts.Get("fi", "training.msgadmin.custom"), SignIn.Html(await coordinator.GetStringAsync(new Uri("/training/admin/messages", UriKind.Relative))), StringComparison.Ordinal);

        // Restore the default: the next confirmation has the default text again.
        (_, token) = await SignIn.GetFormAsync(coordinator, "/training/admin/messages/enrolled");
        using (var restored = await SignIn.PostFormAsync(coordinator, "/training/admin/messages/enrolled?handler=Restore", token,
            [F("Input.VersionFi", "1"), F("Input.VersionSv", "1"), F("Input.VersionEn", "1")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        }

        var second = await EnrolAsync(app, "laakari.porvoo", group);
        var again = Assert.Single(await OutboxAsync(app, $"training:enrolled:{second:D}"));
        Assert.Equal(texts.Get("fi", "training.message.enrolled.subject"), again.Subject);
        Assert.DoesNotContain("Oma teksti", again.Body, StringComparison.Ordinal);
        Assert.StartsWith(texts.Get("fi", "training.message.enrolled.subject") + "\n" + string.Format(Language.CultureFor("fi"), texts.Get("fi", "training.message.enrolled.body"), "Chatin perusteet", "")[..20],
            again.Body, StringComparison.Ordinal);

        // A text that got past the checks (written by hand) is not used: the default goes out, no exception.
        await WithDbAsync(app, db => db.Set<MessageTextOverride>().Where(o => o.TextKey == "enrolled" && o.Language == "fi")
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.Body, "Rikki {7} {").SetProperty(o => o.Subject, "Otsikko {9}")));
        var third = await EnrolAsync(app, "sihteeri.porvoo", group);
        var fallback = Assert.Single(await OutboxAsync(app, $"training:enrolled:{third:D}"));
        Assert.Equal(texts.Get("fi", "training.message.enrolled.subject"), fallback.Subject);
        Assert.DoesNotContain("Rikki", fallback.Body, StringComparison.Ordinal);

        // Not the coordinator's: a nurse and the trainer are refused.
        foreach (var login in new[] { "hoitaja.porvoo", "kouluttaja" })
        {
            var other = app.CreateBrowserLikeClient();
            await SignIn.SignInAsStaffAsync(other, login);
            using var refused = await other.GetAsync(new Uri("/training/admin/messages/enrolled", UriKind.Relative));
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.ToString().Contains("/forbidden", StringComparison.Ordinal) == true, login);
        }
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task A_group_message_reaches_each_chosen_participant_once_and_a_double_post_sends_once(string engine)
    {
        await using var app = App(engine);
        var texts = app.Services.GetRequiredService<Texts>();
        var trainer = await StaffAsync(app, "kouluttaja");
        var group = await NewGroupAsync(app, "CHAT-1", 2, (new DateOnly(2026, 5, 4), new TimeOnly(9, 0), new TimeOnly(12, 0)));
        await WithDbAsync(app, db => db.Set<CourseGroup>().Where(g => g.Id == group).ExecuteUpdateAsync(u => u.SetProperty(g => g.TrainerStaffId, trainer.Id)));
        await EnrolAsync(app, "hoitaja.loviisa", group);
        await EnrolAsync(app, "laakari.porvoo", group);
        await EnrolAsync(app, "sihteeri.porvoo", group, waitingList: true);
        var loviisa = await StaffAsync(app, "hoitaja.loviisa");
        var doctor = await StaffAsync(app, "laakari.porvoo");
        var secretary = await StaffAsync(app, "sihteeri.porvoo");
        // The doctor has no e-mail address: counted, not sent to.
        await WithDbAsync(app, db => db.Set<StaffMember>().Where(s => s.Id == doctor.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Email, (string?)null)));

        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "kouluttaja");
        var url = $"/training/trainer/groups/{group:D}";
        var (html, token) = await SignIn.GetFormAsync(client, url);
        var formKey = System.Text.RegularExpressions.Regex.Match(html, "name=\"Message.FormKey\" value=\"([0-9a-f-]+)\"").Groups[1].Value;
        Assert.NotEmpty(formKey);

        // Nothing typed and a subject too long: errors on the fields, what was typed kept, nothing sent.
        using (var bad = await SignIn.PostFormAsync(client, url + "?handler=Message", token,
            [F("Message.FormKey", formKey), F("Message.Audience", "enrolled"), F("Message.Subject", new string('x', 201)), F("Message.Body", "Tuokaa <b>kahvikuppi</b>")]))
        {
            Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
            var raw = await bad.Content.ReadAsStringAsync();
            Assert.Contains(texts.Get("fi", MessageTextErrors.TooLong), SignIn.Html(raw), StringComparison.Ordinal);
            Assert.Contains("Tuokaa &lt;b&gt;kahvikuppi&lt;/b&gt;</textarea>", raw, StringComparison.Ordinal);
        }

        using (var empty = await SignIn.PostFormAsync(client, url + "?handler=Message", token,
            [F("Message.FormKey", formKey), F("Message.Audience", "nobody"), F("Message.Subject", "Aihe"), F("Message.Body", " ")]))
        {
            var page = SignIn.Html(await empty.Content.ReadAsStringAsync());
            Assert.Contains(texts.Get("fi", MessageTextErrors.Required), page, StringComparison.Ordinal);
            Assert.Contains(texts.Get("fi", MessageTextErrors.AudienceInvalid), page, StringComparison.Ordinal);
            Assert.Contains("value=\"Aihe\"", page, StringComparison.Ordinal);
        }

        Assert.Empty(await OutboxAsync(app, "training:group-message:"));

        // Sent to those with a place; the same form posted again sends nothing more.
        List<KeyValuePair<string, string>> fields = [F("Message.FormKey", formKey), F("Message.Audience", "enrolled"), F("Message.Subject", "Tervetuloa"), F("Message.Body", "Tuokaa kahvikuppi.")];
        for (var i = 0; i < 2; i++)
        {
            using var sent = await SignIn.PostFormAsync(client, url + "?handler=Message", token, fields);
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }

        var message = Assert.Single(await WithDbAsync(app, db => db.Set<GroupMessage>().AsNoTracking().Where(m => m.GroupId == group).ToListAsync()));
        Assert.Equal((2, 1, "enrolled", "Kalle Kouluttaja", trainer.Id), (message.RecipientCount, message.WithoutEmailCount, message.Audience, message.SenderName, message.SenderId));
        var emails = await OutboxAsync(app, "training:group-message:");
        var email = Assert.Single(emails);
        Assert.Equal($"training:group-message:{message.Id:D}:{loviisa.Id:D}", email.DedupeKey);
        Assert.Equal(("hoitaja.loviisa@example.invalid", "Tervetuloa"), (email.Recipient, email.Subject));
        Assert.StartsWith("Tuokaa kahvikuppi.\n\n", email.Body, StringComparison.Ordinal);
        Assert.EndsWith($"/training/groups/{group:D}", email.Body, StringComparison.Ordinal);

        // The page shows the history and how many had no address.
        var after = SignIn.Html(await client.GetStringAsync(new Uri(url + "?sent=" + message.Id.ToString("D"), UriKind.Relative)));
        Assert.Contains(texts.Get("fi", "training.msgadmin.group.sent.other").Replace("{0}", "2", StringComparison.Ordinal), after, StringComparison.Ordinal);
        Assert.Contains(texts.Get("fi", "training.msgadmin.group.without_email.one").Replace("{0}", "1", StringComparison.Ordinal), after, StringComparison.Ordinal);
        Assert.Contains("Tervetuloa", after, StringComparison.Ordinal);

        // The coordinator writes to the waiting ones from the admin page: only the secretary gets it.
        var coordinator = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(coordinator, "koordinaattori");
        var adminUrl = $"/training/admin/groups/{group:D}/message";
        (html, token) = await SignIn.GetFormAsync(coordinator, adminUrl);
        Assert.Contains("Tervetuloa", SignIn.Html(html), StringComparison.Ordinal);
        var adminKey = System.Text.RegularExpressions.Regex.Match(html, "name=\"Message.FormKey\" value=\"([0-9a-f-]+)\"").Groups[1].Value;
        using (var toWaiting = await SignIn.PostFormAsync(coordinator, adminUrl, token,
            [F("Message.FormKey", adminKey), F("Message.Audience", "waiting"), F("Message.Subject", "Jonosta"), F("Message.Body", "Paikkoja vapautuu usein.")]))
        {
            Assert.Equal(HttpStatusCode.Redirect, toWaiting.StatusCode);
        }

        var waitingMail = Assert.Single(await WithDbAsync(app, db => db.Set<Polku.Platform.Outbox.OutboxMessage>().AsNoTracking().Where(m => m.Subject == "Jonosta").ToListAsync()));
        Assert.Equal("sihteeri.porvoo@example.invalid", waitingMail.Recipient);
        Assert.EndsWith($":{secretary.Id:D}", waitingMail.DedupeKey, StringComparison.Ordinal);

        // Both: everyone with a place or waiting, once each (the doctor counted without an address).
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var both = await scope.ServiceProvider.GetRequiredService<GroupMessaging>()
                .SendAsync(group, new GroupMessageDraft("both", "Kaikille", "Hei kaikki", Guid.NewGuid()), trainer.Id, "Kalle Kouluttaja", default);
            Assert.Equal((3, 1, false), (both.Value!.Recipients, both.Value.WithoutEmail, both.Value.AlreadySent));
        }

        Assert.Equal(2, await WithDbAsync(app, db => db.Set<Polku.Platform.Outbox.OutboxMessage>().CountAsync(m => m.Subject == "Kaikille")));
    }

    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Another_trainers_group_is_not_found_and_a_nurse_is_refused(string engine)
    {
        await using var app = App(engine);
        var group = await NewGroupAsync(app, "CHAT-1", 2, (new DateOnly(2026, 5, 4), new TimeOnly(9, 0), new TimeOnly(12, 0)));
        var someoneElse = await StaffAsync(app, "laakari.porvoo");
        await WithDbAsync(app, db => db.Set<CourseGroup>().Where(g => g.Id == group).ExecuteUpdateAsync(u => u.SetProperty(g => g.TrainerStaffId, someoneElse.Id)));
        await EnrolAsync(app, "hoitaja.loviisa", group);

        var trainer = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(trainer, "kouluttaja");
        var (_, token) = await SignIn.GetFormAsync(trainer, "/training/programmes/DIGI-CHAT");
        List<KeyValuePair<string, string>> fields = [F("Message.FormKey", Guid.NewGuid().ToString()), F("Message.Audience", "enrolled"), F("Message.Subject", "Hei"), F("Message.Body", "Viesti")];
        Assert.Equal(HttpStatusCode.NotFound, (await trainer.GetAsync(new Uri($"/training/trainer/groups/{group:D}", UriKind.Relative))).StatusCode);
        using (var post = await SignIn.PostFormAsync(trainer, $"/training/trainer/groups/{group:D}?handler=Message", token, fields))
        {
            Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        }

        // The trainer is not the coordinator: the admin page is not theirs.
        using (var admin = await SignIn.PostFormAsync(trainer, $"/training/admin/groups/{group:D}/message", token, fields))
        {
            Assert.True(admin.StatusCode is HttpStatusCode.Forbidden || admin.Headers.Location?.ToString().Contains("/forbidden", StringComparison.Ordinal) == true);
        }

        var nurse = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(nurse, "hoitaja.porvoo");
        (_, token) = await SignIn.GetFormAsync(nurse, "/training/programmes/DIGI-CHAT");
        foreach (var url in new[] { $"/training/trainer/groups/{group:D}?handler=Message", $"/training/admin/groups/{group:D}/message" })
        {
            using var refused = await SignIn.PostFormAsync(nurse, url, token, fields);
            Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.ToString().Contains("/forbidden", StringComparison.Ordinal) == true, url);
        }

        Assert.Empty(await OutboxAsync(app, "training:group-message:"));
        Assert.Empty(await WithDbAsync(app, db => db.Set<GroupMessage>().ToListAsync()));

        // The coordinator may message any group; an unknown group is not found.
        var coordinator = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(coordinator, "koordinaattori");
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync(new Uri($"/training/admin/groups/{group:D}/message", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await coordinator.GetAsync(new Uri($"/training/admin/groups/{Guid.NewGuid():D}/message", UriKind.Relative))).StatusCode);
    }
}
