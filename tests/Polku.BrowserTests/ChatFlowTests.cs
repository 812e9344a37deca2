using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Polku.BrowserTests.Infrastructure;

namespace Polku.BrowserTests;

/// <summary>
/// Chat in real browsers (issue 13): an anonymous resident asks the bot with a typo, asks for a person, waits in the
/// county-wide queue, is taken by the digital centre's nurse, moved to Porvoo's identified queue, signs in in the
/// middle of the chat and goes on with the Porvoo nurse, who ends it with an outcome; the transcript is on the
/// resident's own page. Every chat page passes axe. Once in Finnish and once in Swedish.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ChatFlowTests(PolkuServerFixture server, BrowserFixture browser)
{
    [BrowserTheory]
    [InlineData("fi", "Miten uusin reseptn?", "Hei! Siirrän sinut Porvoon terveysasemalle.", "Uusin reseptisi nyt.")]
    [InlineData("sv", "Hur förnyar jag mitt recpt?", "Hej! Jag flyttar dig till Borgå hälsostation.", "Jag förnyar ditt recept nu.")]
    public async Task Bot_queue_nurse_transfer_sign_in_mid_chat_outcome_and_transcript(string language, string question, string firstReply, string lastReply)
    {
        var tuesday = SelfBookingTests.NextTuesdayTen();
        server.Clock.SetNow(tuesday);
        try
        {
            await using var residentContext = await browser.NewPageAsync(server.BaseUrl, language);
            await using var digiContext = await browser.NewPageAsync(server.BaseUrl, "fi");
            await using var porvooContext = await browser.NewPageAsync(server.BaseUrl, "fi");
            var resident = residentContext.Page;
            var digi = digiContext.Page;
            var porvoo = porvooContext.Page;

            // The chat's front page: the bot always; the county-wide queue open and staffed.
            await resident.GotoAsync("chat?municipality=638");
            await Accessibility.AssertNoViolationsAsync(resident);
            await Navigation.ClickAsync(resident, resident.Locator("main form button.primary").First);
            var chatUrl = resident.Url;
            Assert.Matches(ChatPath(), new Uri(chatUrl).AbsolutePath);
            var chatId = new Uri(chatUrl).AbsolutePath["/chat/".Length..];
            await Assertions.Expect(resident.Locator("html")).ToHaveAttributeAsync("data-chat-live", "1");

            // A question with a typo: the bot answers with a link to write a message.
            await resident.Locator("#Input_Text").FillAsync(question);
            await resident.Locator("#chat-send button.primary").ClickAsync();
            var botAnswer = resident.Locator("#chat-log li.chat-bot").Last;
            await Assertions.Expect(botAnswer.Locator("a[href^='/me/messages/new']")).ToBeVisibleAsync();
            await Assertions.Expect(resident.Locator("#Input_Text")).ToHaveValueAsync("");
            await Accessibility.AssertNoViolationsAsync(resident);

            // A person: the county-wide queue, with a place in the queue.
            await Navigation.ClickAsync(resident, resident.Locator("#chat-human form:has(input[value='county']) button"));
            await Assertions.Expect(resident.Locator("#chat-state")).ToHaveAttributeAsync("data-state", "queued");

            // The digital centre's nurse takes it from the desk and answers; the resident sees it without a reload.
            await SignIn.StaffAsync(digi, "hoitaja.digi", "/desk/chats");
            await Navigation.ClickAsync(digi, TakeButton(digi, chatId));
            Assert.Matches(DeskChatPath(), new Uri(digi.Url).AbsolutePath);
            await Assertions.Expect(digi.Locator("#chat-log")).ToContainTextAsync(question);
            await Accessibility.AssertNoViolationsAsync(digi);
            await Assertions.Expect(resident.Locator("#chat-state")).ToHaveAttributeAsync("data-state", "active");
            await digi.Locator("#Input_Text").FillAsync(firstReply);
            await digi.Locator("#chat-send button.primary").ClickAsync();
            await Assertions.Expect(resident.Locator("#chat-log")).ToContainTextAsync(firstReply);
            Assert.Equal(chatUrl, resident.Url);

            // The nurse moves the chat to Porvoo's identified queue: the resident is asked to sign in.
            await digi.Locator("#queue").SelectOptionAsync("chat-hs-638");
            await digi.Locator("#note").FillAsync("Reseptin uusiminen, Porvoo.");
            await Navigation.ClickAsync(digi, digi.Locator("main form:has(#queue) button"));
            var signIn = resident.Locator("#chat-state a.button");
            await Assertions.Expect(signIn).ToBeVisibleAsync();
            await SignIn.ResidentAsync(resident, SignIn.Maija, new Uri(chatUrl).PathAndQuery);
            Assert.Equal(chatUrl, resident.Url);
            await Navigation.ClickAsync(resident, resident.Locator("#chat-state form button"));
            await Assertions.Expect(resident.Locator("#chat-log")).ToContainTextAsync(question);
            await Assertions.Expect(resident.Locator("#chat-log")).ToContainTextAsync(firstReply);
            await Accessibility.AssertNoViolationsAsync(resident);

            // The Porvoo nurse takes it, sees the whole conversation, answers and ends it with an outcome.
            await SignIn.StaffAsync(porvoo, SignIn.Nurse, "/desk/chats");
            await Navigation.ClickAsync(porvoo, TakeButton(porvoo, chatId));
            await Assertions.Expect(porvoo.Locator("#chat-log")).ToContainTextAsync(question);
            await Assertions.Expect(porvoo.Locator("#chat-log")).ToContainTextAsync(firstReply);
            await porvoo.Locator("#Input_Text").FillAsync(lastReply);
            await porvoo.Locator("#chat-send button.primary").ClickAsync();
            await Assertions.Expect(resident.Locator("#chat-log")).ToContainTextAsync(lastReply);
            await porvoo.Locator("#outcome").SelectOptionAsync("handled-digitally");
            await Navigation.ClickAsync(porvoo, porvoo.Locator("main form:has(#outcome) button"));
            await Assertions.Expect(resident.Locator("#chat-state")).ToHaveAttributeAsync("data-state", "ended");

            // Feedback is offered after the chat, optional: the resident skips it.
            await Navigation.ClickAsync(resident, resident.Locator($"main a[href='/feedback/chat/{chatId}']"));
            await Accessibility.AssertNoViolationsAsync(resident);
            await Navigation.ClickAsync(resident, resident.Locator("main form button:not(.primary)"));
            await Assertions.Expect(resident.Locator("main .notice.ok")).ToBeVisibleAsync();

            // The transcript is on the resident's own page.
            await resident.GotoAsync("me/chats");
            await Accessibility.AssertNoViolationsAsync(resident);
            await Navigation.ClickAsync(resident, resident.Locator($"main a[href='/me/chats/{chatId}']"));
            await Assertions.Expect(resident.Locator("#chat-log")).ToContainTextAsync(question);
            await Assertions.Expect(resident.Locator("#chat-log")).ToContainTextAsync(lastReply);
            await Accessibility.AssertNoViolationsAsync(resident);
        }
        finally
        {
            server.Clock.Offset = TimeSpan.Zero;
        }
    }

    /// <summary>The Take button of this chat on the desk's list of waiting chats (other tests' chats may wait there too).</summary>
    private static ILocator TakeButton(IPage page, string chatId) => page.Locator($"main form[action*='{chatId}'] button");

    [GeneratedRegex("^/chat/[0-9a-f-]{36}$")]
    private static partial Regex ChatPath();

    [GeneratedRegex("^/desk/chats/[0-9a-f-]{36}$")]
    private static partial Regex DeskChatPath();
}
