using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Data;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts;

/// <summary>A professional's reply templates through the edit page: the code is unique per unit, an edit is optimistic.</summary>
public sealed partial class TemplatesPageTests
{
    public static TheoryData<string> Engines => PolkuAppFactory.Engines;

    [Theory]
    [MemberData(nameof(Engines))]
    public async Task A_professional_creates_a_template_a_taken_code_and_a_stale_edit_are_refused_with_messages(string engine)
    {
        await using var app = new PolkuAppFactory(engine);
        var client = app.CreateBrowserLikeClient();
        await SignIn.SignInAsStaffAsync(client, "hoitaja.porvoo");
        var texts = app.Services.GetRequiredService<Texts>();

        var (form, token) = await SignIn.GetFormAsync(client, "/desk/templates/new");
        var unitId = UnitOption().Match(form).Groups[1].Value;
        Assert.True(Guid.TryParse(unitId, out _), "The form offers the professional's unit.");
        KeyValuePair<string, string>[] Fields(string code, string titleFi, int version) =>
        [
            new("Input.Version", version.ToString(CultureInfo.InvariantCulture)), new("Input.UnitId", unitId), new("Input.Code", code),
            new("Input.TitleFi", titleFi), new("Input.TitleSv", "Svar"), new("Input.TitleEn", "Reply"),
            new("Input.BodyFi", "Hei {first_name}"), new("Input.BodySv", "Hej {first_name}"), new("Input.BodyEn", "Hello {first_name}"),
            new("Input.InstructionUrl", ""), new("Input.InstructionTitle", ""),
        ];

        var created = await SignIn.PostFormAsync(client, "/desk/templates/new", token, Fields("uow-reply", "Vastaus", 0));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var location = created.Headers.Location!.OriginalString;
        Assert.EndsWith("?saved=true", location, StringComparison.Ordinal);
        var id = Guid.Parse(location["/desk/templates/".Length..location.IndexOf('?', StringComparison.Ordinal)]);
        Assert.Equal(("uow-reply", "Vastaus", 0), await StoredAsync(app, id));

        // The same code in the same unit: the form comes back with the localised message on the code.
        var duplicate = await SignIn.PostFormAsync(client, "/desk/templates/new", token, Fields("uow-reply", "Toinen", 0));
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        var duplicateHtml = SignIn.Html(await duplicate.Content.ReadAsStringAsync());
        Assert.Contains(texts.Get("fi", "contacts.messages.templates.code_taken"), duplicateHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("contacts.messages.templates.code_taken", duplicateHtml, StringComparison.Ordinal);

        // An edit with the version the form was loaded with saves; the same again is stale and changes nothing.
        var (edit, editToken) = await SignIn.GetFormAsync(client, location);
        var saved = await SignIn.PostFormAsync(client, $"/desk/templates/{id}", editToken, Fields("uow-reply", "Vastaus 2", 0));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var stale = await SignIn.PostFormAsync(client, $"/desk/templates/{id}", editToken, Fields("uow-reply", "Vastaus 3", 0));
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains(texts.Get("fi", "contacts.messages.templates.concurrency"), SignIn.Html(await stale.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(("uow-reply", "Vastaus 2", 1), await StoredAsync(app, id));
        Assert.NotEmpty(edit);
    }

    private static async Task<(string Code, string TitleFi, int Version)> StoredAsync(PolkuAppFactory app, Guid id)
    {
        using var scope = app.Services.CreateScope();
        var t = await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<ReplyTemplate>().AsNoTracking().SingleAsync(x => x.Id == id);
        return (t.Code, t.TitleFi, t.Version);
    }

    [GeneratedRegex("<option value=\"([0-9a-f-]{36})\"")]
    private static partial Regex UnitOption();
}
