using Polku.Contacts.Callbacks;

namespace Polku.Tests.Contacts;

public sealed class CallbackRulesTests
{
    [Theory]
    [InlineData("040 123 4567", "+358401234567")]
    [InlineData("+358 40 1234567", "+358401234567")]
    [InlineData("0401234567", "+358401234567")]
    [InlineData("09-310 1234", "+35893101234")]
    [InlineData("00358 40 123 4567", "+358401234567")]
    [InlineData("+46 8 123 456 78", "+46812345678")]
    public void Finnish_and_international_numbers_become_E164(string input, string expected) =>
        Assert.Equal(expected, CallbackRules.NormalisePhone(input));

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("040 123 456a")]
    [InlineData("040+1234567")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("4012345678")]
    [InlineData("+358 40 1234 5678 9012 34")]
    [InlineData(null)]
    public void Anything_else_is_not_a_phone_number(string? input) => Assert.Null(CallbackRules.NormalisePhone(input));

    [Fact]
    public void A_window_is_at_least_30_minutes_not_past_and_within_14_days()
    {
        var now = new DateTimeOffset(2026, 5, 4, 7, 0, 0, TimeSpan.Zero);
        Assert.Null(CallbackRules.WindowProblem(now.AddHours(1), now.AddHours(1.5), now));
        Assert.Equal("contacts.callbacks.window_too_short", CallbackRules.WindowProblem(now.AddHours(1), now.AddMinutes(89), now));
        Assert.Equal("contacts.callbacks.window_order", CallbackRules.WindowProblem(now.AddHours(2), now.AddHours(1), now));
        Assert.Equal("contacts.callbacks.window_past", CallbackRules.WindowProblem(now.AddHours(-2), now.AddHours(1), now));
        Assert.Equal("contacts.callbacks.window_too_far", CallbackRules.WindowProblem(now.AddDays(14), now.AddDays(14).AddHours(1), now));
    }

    [Fact]
    public void Service_codes_are_lower_case_slugs()
    {
        Assert.True(CallbackRules.IsServiceCode("health-station"));
        Assert.False(CallbackRules.IsServiceCode("Health Station"));
        Assert.False(CallbackRules.IsServiceCode("x"));
    }

    [Fact]
    public void The_built_in_callback_channel_links_to_the_request_form()
    {
        var links = new CallbackLinks();
        Assert.Equal("/me/callbacks/new?service=health-station", links.LinkFor("Callback", "health-station", "638"));
        Assert.Null(links.LinkFor("Chat", "health-station", "638"));
    }
}
