using Microsoft.EntityFrameworkCore;
using Polku.Platform.Persistence;

namespace Polku.Contacts.Data;

/// <summary>The demo county's reply templates in fi, sv and en; added once.</summary>
internal static class DemoTemplates
{
    public static async Task SeedAsync(PolkuDb db, TimeProvider time, CancellationToken ct)
    {
        if (await db.Set<ReplyTemplate>().AnyAsync(ct))
        {
            return;
        }

        var now = time.GetUtcNow();
        ReplyTemplate T(string code, string[] titles, string[] bodies, string? url = null, string? urlTitle = null) => new()
        {
            Id = Guid.CreateVersion7(now), UnitId = null, Code = code,
            TitleFi = titles[0], TitleSv = titles[1], TitleEn = titles[2],
            BodyFi = bodies[0], BodySv = bodies[1], BodyEn = bodies[2],
            InstructionUrl = url, InstructionTitle = urlTitle,
        };

        db.Set<ReplyTemplate>().AddRange(
            T("greeting", ["Tervehdys", "Hälsning", "Greeting"],
            [
                "Hei {first_name},\n\nkiitos viestistäsi.\n\nYstävällisin terveisin\n{professional_name}\n{unit_name}",
                "Hej {first_name},\n\ntack för ditt meddelande.\n\nMed vänliga hälsningar\n{professional_name}\n{unit_name}",
                "Hello {first_name},\n\nthank you for your message.\n\nKind regards\n{professional_name}\n{unit_name}",
            ]),
            T("book-appointment", ["Varaa aika", "Boka tid", "Book an appointment"],
            [
                "Hei {first_name},\n\nvaraathan ajan vastaanotolle Polun ajanvarauksesta: [ajanvarauslinkki]\n\n{professional_name}, {unit_name}",
                "Hej {first_name},\n\nboka en tid till mottagningen i Polkus tidsbokning: [länk till tidsbokningen]\n\n{professional_name}, {unit_name}",
                "Hello {first_name},\n\nplease book an appointment in Polku's booking: [booking link]\n\n{professional_name}, {unit_name}",
            ]),
            T("self-care-flu", ["Flunssan omahoito", "Egenvård vid förkylning", "Self-care for a cold"],
            [
                "Hei {first_name},\n\noireesi sopivat tavalliseen flunssaan, jota voit hoitaa kotona. Lepää, juo riittävästi ja ota tarvittaessa kuumetta alentavaa lääkettä. Ota uudelleen yhteyttä, jos oireet pahenevat tai kestävät yli viikon.\n\n{professional_name}, {unit_name}",
                "Hej {first_name},\n\ndina symtom passar en vanlig förkylning som du kan sköta hemma. Vila, drick tillräckligt och ta vid behov febernedsättande medicin. Kontakta oss igen om symtomen blir värre eller varar över en vecka.\n\n{professional_name}, {unit_name}",
                "Hello {first_name},\n\nyour symptoms fit a common cold that you can treat at home. Rest, drink enough and take fever medicine if needed. Contact us again if your symptoms get worse or last more than a week.\n\n{professional_name}, {unit_name}",
            ], "https://www.example.fi/ohjeet/flunssa", "Flunssa / Förkylning / Common cold"),
            T("callback-missed", ["Soitto ei tavoittanut", "Samtalet nådde dig inte", "We could not reach you"],
            [
                "Hei {first_name},\n\nyritimme soittaa sinulle, mutta emme tavoittaneet sinua. Voit jättää uuden soittopyynnön tai vastata tähän viestiin.\n\n{professional_name}, {unit_name}",
                "Hej {first_name},\n\nvi försökte ringa dig men nådde dig inte. Du kan lämna en ny begäran om återuppringning eller svara på detta meddelande.\n\n{professional_name}, {unit_name}",
                "Hello {first_name},\n\nwe tried to call you but could not reach you. You can leave a new call-back request or reply to this message.\n\n{professional_name}, {unit_name}",
            ]));
        await db.SaveChangesAsync(ct);
    }
}
