using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Polku.Appointments.Data;
using Polku.BrowserTests.Infrastructure;
using Polku.Platform.Localization;
using Polku.Platform.Outbox;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;

namespace Polku.BrowserTests;

/// <summary>
/// Reference path 1 of seed 003 in one go, in a real browser: assessment → booking right → self-booked remote
/// appointment inside the urgency window → confirmation with a calendar file → the resident joins the waiting room at
/// the time → the nurse admits her into the video room → the visit is completed → feedback. In Finnish and Swedish,
/// with the accessibility check on every page the resident and the nurse visit.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReferencePathOneTests(PolkuServerFixture server, BrowserFixture browser)
{
    [BrowserTheory]
    [InlineData("fi")]
    [InlineData("sv")]
    public async Task From_assessment_to_a_completed_remote_visit(string language)
    {
        var texts = server.Services.GetRequiredService<Texts>();
        string T(string key) => texts.Get(language, key);
        static Task Checked(IPage page) => ReferencePathsTwoAndThreeTests.Checked(page);
        await using var bookingContext = await browser.NewPageAsync(server.BaseUrl, language);
        var resident = bookingContext.Page;
        var tuesday = SelfBookingTests.NextTuesdayTen();
        try
        {
            // Tuesday 10:00: the result of a non-urgent respiratory infection (P3) routes to self-booking.
            server.Clock.SetNow(tuesday);
            await SignIn.ResidentAsync(resident, SignIn.Maija);
            await resident.GotoAsync("assessments/respiratory-infection");
            await Checked(resident);
            var action = await AssessmentFlowTests.AnswerAsync(resident, AssessmentFlowTests.NonUrgent, Checked);
            await Checked(resident);
            await Assertions.Expect(action).ToHaveTextAsync(T("assessments.destination.SelfBooking"));
            await Navigation.ClickAsync(resident, action);

            // A remote (video) time at the Porvoo health station.
            Guid porvoo;
            await using (var scope = server.Services.CreateAsyncScope())
            {
                porvoo = (await scope.ServiceProvider.GetRequiredService<IUnitDirectory>().FindByCodeAsync("hs-638"))!.Id;
            }

            await Checked(resident);
            await resident.Locator($"main input[name='place'][value='{porvoo:D}.video']").CheckAsync();
            await Navigation.ClickAsync(resident, resident.Locator("main form button.primary"));
            await Checked(resident);
            await resident.Locator("main input[name='day']").First.CheckAsync();
            await Navigation.ClickAsync(resident, resident.Locator("main form button.primary"));
            await Checked(resident);
            await Navigation.ClickAsync(resident, resident.Locator("main .slot-list button").First);
            await Checked(resident);
            await Navigation.ClickAsync(resident, resident.Locator("#confirm"));
            await Assertions.Expect(resident.Locator("main h1")).ToHaveTextAsync(T("booking.pages.booked_title"));
            await Checked(resident);
            var ics = (await resident.Locator("#ics").GetAttributeAsync("href"))!;
            var id = Guid.Parse(ics.Split('/')[3]);

            Appointment booked;
            await using (var scope = server.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
                booked = await db.Set<Appointment>().AsNoTracking().SingleAsync(a => a.Id == id);
                Assert.Equal(AppointmentMode.Video, booked.Mode);
                Assert.Equal(porvoo, booked.UnitId);
                Assert.True(booked.StartUtc > tuesday.UtcDateTime && booked.StartUtc <= tuesday.UtcDateTime.AddDays(1), "inside the one-day urgency window");

                // The confirmation went to the outbox with the calendar file, and says nothing about health.
                var confirmations = await db.Set<OutboxMessage>().AsNoTracking().Where(m => m.DedupeKey.StartsWith("appointment:" + id.ToString("D") + ":confirmed")).ToListAsync();
                Assert.NotEmpty(confirmations);
                var mail = Assert.Single(confirmations, m => m.Channel == OutboxChannel.Email);
                Assert.EndsWith(".ics", mail.AttachmentName, StringComparison.Ordinal);
                var calendar = System.Text.Encoding.UTF8.GetString(mail.AttachmentBytes()!);
                Assert.Contains("BEGIN:VEVENT", calendar, StringComparison.Ordinal);
                Assert.Contains("UID:" + id.ToString("D"), calendar, StringComparison.Ordinal);
                Assert.All(confirmations, m => Assert.DoesNotContain("hengitystie", m.Body, StringComparison.OrdinalIgnoreCase));
            }

            // Ten minutes before the time (hours later: new sessions): Maija joins from her own page and waits.
            server.Clock.SetNow(new DateTimeOffset(booked.StartUtc, TimeSpan.Zero).AddMinutes(-10));
            await using var residentContext = await browser.NewPageAsync(server.BaseUrl, language);
            await using var nurseContext = await browser.NewPageAsync(server.BaseUrl, language);
            resident = residentContext.Page;
            var nurse = nurseContext.Page;
            await SignIn.ResidentAsync(resident, SignIn.Maija);
            await SignIn.StaffAsync(nurse, SignIn.Nurse);
            await resident.GotoAsync("me/appointments");
            await Checked(resident);
            await Navigation.ClickAsync(resident, resident.Locator($"main a[href='/appointments/{id:D}/join']"));
            await Checked(resident);
            await Navigation.ClickAsync(resident, resident.Locator("#remote-live form button[type='submit']"));
            await Assertions.Expect(resident.Locator("#remote-live h2")).ToHaveTextAsync(T("appointments.remote.join.waiting_title"));
            await Checked(resident);

            // The nurse sees her in the Porvoo waiting room, admits her and completes the visit.
            await nurse.GotoAsync("desk/waiting-room?unit=hs-638");
            await Checked(nurse);
            var row = nurse.Locator($"#waiting-live table[aria-labelledby='waiting-title'] tr[data-appointment='{id}']");
            await Assertions.Expect(row).ToContainTextAsync(SignIn.Maija);
            await Navigation.ClickAsync(nurse, row.Locator("form[id^='admit-'] button"));
            await Assertions.Expect(nurse.Locator("#dev-stand-in")).ToBeVisibleAsync();
            var link = resident.Locator("#room-link");
            await Assertions.Expect(link).ToBeVisibleAsync();
            await resident.GotoAsync((await link.GetAttributeAsync("href"))!.TrimStart('/'));
            await Assertions.Expect(resident.Locator("#room-state")).ToHaveTextAsync(T("appointments.remote.room.in_progress"));
            await Checked(resident);
            await Checked(nurse);

            await nurse.Locator("#Outcome").FillAsync("Kotihoito-ohjeet annettu.");
            await Navigation.ClickAsync(nurse, nurse.Locator("main form button[type='submit']"));
            await Assertions.Expect(resident.Locator("#room-state")).ToHaveTextAsync(T("appointments.remote.room.ended"));

            // The path ends with feedback (spec 05): offered on her appointments, optional, once.
            await resident.GotoAsync("me/appointments");
            await Checked(resident);
            await Navigation.ClickAsync(resident, resident.Locator($"main a[href='/feedback/appointment/{id:D}']"));
            await Accessibility.AssertNoViolationsAsync(resident);
            await resident.Locator("label[for='score-9']").ClickAsync();
            await resident.Locator("#Input_Text").FillAsync("Etävastaanotto toimi hyvin.");
            await Navigation.ClickAsync(resident, resident.Locator("main form button.primary"));
            await Assertions.Expect(resident.Locator("main .notice.ok")).ToContainTextAsync(T("contacts.feedback.thanks"));
            await Checked(resident);
            await resident.GotoAsync("me/appointments");
            await Assertions.Expect(resident.Locator($"main a[href='/feedback/appointment/{id:D}']")).ToHaveCountAsync(0);

            await using (var scope = server.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PolkuDb>();
                var done = await db.Set<Appointment>().AsNoTracking().SingleAsync(a => a.Id == id);
                Assert.Equal(AppointmentStatus.Completed, done.Status);
                var types = await db.ServiceEvents.AsNoTracking().Where(e => e.Type.StartsWith("appointment.")).Select(e => e.Type).ToListAsync();
                Assert.Contains("appointment.booked", types);
                Assert.Contains("appointment.completed", types);
                var feedback = await db.Set<Polku.Contacts.Feedback.FeedbackAnswer>().AsNoTracking().SingleAsync(f => f.Kind == "appointment" && f.SubjectId == id);
                Assert.Equal((9, "remote-appointment", "health-station"), (feedback.Score, feedback.Channel, feedback.ServiceCode));
            }
        }
        finally
        {
            server.Clock.Offset = TimeSpan.Zero;
        }
    }
}
