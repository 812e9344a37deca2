using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Persistence;
using Polku.ServiceManagement.Data;

namespace Polku.ServiceManagement.Knowledge;

/// <summary>Three demo articles for the demo catalogue's external services. Runs once: a knowledge base with any article is left as it is.</summary>
internal static class KnowledgeSeeder
{
    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<PolkuDb>();
        if (await db.Set<KbArticle>().AnyAsync(ct))
        {
            return;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var counter = await db.Set<Counter>().FirstOrDefaultAsync(c => c.Kind == "kb", ct);
        if (counter is null)
        {
            counter = new Counter { Kind = "kb", Last = 0 };
            db.Set<Counter>().Add(counter);
        }

        foreach (var article in Demo())
        {
            counter.Last++;
            article.Id = Guid.NewGuid();
            article.Number = KnowledgeService.Format(counter.Last);
            article.UpdatedUtc = now;
            db.Set<KbArticle>().Add(article);
        }

        await db.SaveChangesAsync(ct);
    }

    private static IEnumerable<KbArticle> Demo()
    {
        yield return new KbArticle
        {
            ServiceId = "omaolo",
            TitleFi = "Omaolo ei aukea",
            TitleSv = "Omaolo öppnas inte",
            TitleEn = "Omaolo does not open",
            BodyFi = "Jos Omaolo-oirearvio ei aukea, tarkista ensin palvelun tilasivulta, onko käynnissä tiedossa oleva häiriö.\n\n"
                + "Pyydä asukasta päivittämään sivu, tyhjentämään selaimen välimuisti tai kokeilemaan toista selainta. Tuetut selaimet ovat kahden viimeisimmän version Chrome, Edge, Firefox ja Safari.\n\n"
                + "Jos vika koskee useita asukkaita, kirjaa häiriö ja siirrä se toimittajalle (DigiFinland).",
            BodySv = "Om Omaolo-symtombedömningen inte öppnas, kontrollera först på statussidan om det finns en känd störning.\n\n"
                + "Be invånaren uppdatera sidan, tömma webbläsarens cache eller pröva en annan webbläsare. De två senaste versionerna av Chrome, Edge, Firefox och Safari stöds.\n\n"
                + "Om felet gäller flera invånare, registrera en störning och överför den till leverantören (DigiFinland).",
            BodyEn = "If the Omaolo symptom assessment does not open, first check the status page for a known disruption.\n\n"
                + "Ask the resident to reload the page, clear the browser's cache or try another browser. The two latest versions of Chrome, Edge, Firefox and Safari are supported.\n\n"
                + "If several residents are affected, record an incident and pass it to the supplier (DigiFinland).",
        };
        yield return new KbArticle
        {
            ServiceId = "video",
            TitleFi = "Videovastaanotolla ei kuulu ääntä",
            TitleSv = "Inget ljud i videomottagningen",
            TitleEn = "Video appointment has no sound",
            BodyFi = "Tarkista, että selain on saanut luvan käyttää mikrofonia ja että oikea äänilaite on valittu.\n\n"
                + "Pyydä asukasta sulkemaan muut sovellukset, jotka voivat varata mikrofonin (esimerkiksi toinen videopuhelu).\n\n"
                + "Jos ääni ei kuulu kummallakaan osapuolella, siirry puhelimeen ja kirjaa häiriö videopalvelulle.",
            BodySv = "Kontrollera att webbläsaren har fått tillstånd att använda mikrofonen och att rätt ljudenhet är vald.\n\n"
                + "Be invånaren stänga andra program som kan reservera mikrofonen (till exempel ett annat videosamtal).\n\n"
                + "Om ingendera parten hör ljud, byt till telefon och registrera en störning för videotjänsten.",
            BodyEn = "Check that the browser has permission to use the microphone and that the right audio device is selected.\n\n"
                + "Ask the resident to close other apps that may hold the microphone (another video call, for example).\n\n"
                + "If neither side hears any sound, switch to the phone and record an incident for the video service.",
        };
        yield return new KbArticle
        {
            ServiceId = "polku-contacts",
            TitleFi = "Viestit saapuvat myöhässä",
            TitleSv = "Meddelanden kommer fram sent",
            TitleEn = "Messages arrive late",
            BodyFi = "Ilmoitukset uusista viesteistä lähtevät jonosta. Tarkista palvelunhallinnan lähtevien viestien jonon tila: kasvava jono viittaa lähetyspalvelun häiriöön.\n\n"
                + "Viesti itse on luettavissa asiointipalvelussa heti, vaikka ilmoitus tekstiviestinä tai sähköpostina viivästyisi.",
            BodySv = "Aviseringar om nya meddelanden skickas från en kö. Kontrollera kön för utgående meddelanden i servicehanteringen: en växande kö tyder på en störning i sändningstjänsten.\n\n"
                + "Själva meddelandet kan läsas i e-tjänsten genast, även om aviseringen per sms eller e-post är försenad.",
            BodyEn = "Notifications of new messages are sent from a queue. Check the outgoing message queue in service management: a growing queue points to a disruption in the sending service.\n\n"
                + "The message itself can be read in the e-service at once, even when the text message or e-mail notification is late.",
        };
    }
}
