using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Time;
using Polku.Training.Domain;
using Polku.Training.Exams;

namespace Polku.Training.Data;

/// <summary>
/// The demo county's training for its digital services (seed 004: staff are trained before a service goes live): chat,
/// the symptom assessment queue and remote appointments, each a programme of two or three courses with groups in the
/// coming weeks (some online), trained by <c>kouluttaja</c>, with materials and an exam per course; a few certified
/// professionals (<c>hoitaja.digi</c> holds <c>chat</c>; <c>hoitaja.porvoo</c>'s <c>symptom-queue</c> expires next week).
/// Dates are relative to the clock at seeding. Staff are found through <see cref="IPeopleDirectory"/>, never Identity's
/// tables. Runs once: a database with any programme is left as it is.
/// </summary>
internal static class TrainingSeeder
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<PolkuDb>();
        if (await db.Set<Programme>().AnyAsync(ct))
        {
            return;
        }

        var people = services.GetRequiredService<IPeopleDirectory>();
        var clock = services.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow().UtcDateTime;
        var today = HelsinkiTime.LocalDate(clock.GetUtcNow());
        var trainer = await people.FindStaffByLoginAsync("kouluttaja", ct);
        Guid NewId() => Guid.CreateVersion7(clock.GetUtcNow());

        db.Set<CertificateKindRow>().AddRange(
            new CertificateKindRow { Code = "chat", NameFi = "Chat-hoitaja", NameSv = "Chattsjukskötare", NameEn = "Chat nurse" },
            new CertificateKindRow { Code = "symptom-queue", NameFi = "Oirearviojono", NameSv = "Symptombedömningskö", NameEn = "Symptom assessment queue" },
            new CertificateKindRow { Code = "remote-appointments", NameFi = "Etävastaanotto", NameSv = "Distansmottagning", NameEn = "Remote appointments" });

        var materials = new Dictionary<string, Material>(StringComparer.Ordinal)
        {
            ["chat-guide"] = Mat(MaterialKinds.Document, "Chat-työn ohje", "Anvisning för chattarbete", "Guide to chat work", "https://koulutus.example.invalid/chat-ohje.pdf"),
            ["privacy"] = Mat(MaterialKinds.Link, "Tietosuoja digitaalisissa palveluissa", "Dataskydd i digitala tjänster", "Data protection in digital services", "https://koulutus.example.invalid/tietosuoja"),
            ["omaolo"] = Mat(MaterialKinds.Document, "Oirearvion käyttöönottokäsikirja", "Handbok för införande av symptombedömning", "Symptom assessment deployment handbook", "https://koulutus.example.invalid/oirearvio-kasikirja.pdf"),
            ["urgency"] = Mat(MaterialKinds.Video, "Kiireellisyysluokat käytännössä", "Brådskandegrader i praktiken", "Urgency classes in practice", "https://koulutus.example.invalid/video/kiireellisyys"),
            ["remote"] = Mat(MaterialKinds.Video, "Etävastaanoton esittely", "Presentation av distansmottagningen", "Introduction to remote appointments", "https://koulutus.example.invalid/video/etavastaanotto"),
        };
        db.Set<Material>().AddRange(materials.Values);

        // Groups on weekdays in the coming weeks, 9.00–12.00 Helsinki time.
        var position = 0;
        DateOnly Weekday(int daysAhead)
        {
            var d = today.AddDays(daysAhead);
            while (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                d = d.AddDays(1);
            }

            return d;
        }

        Programme AddProgramme(string code, string fi, string sv, string en, string dFi, string dSv, string dEn, params (string Kind, string Value)[] audience)
        {
            var p = new Programme
            {
                Id = NewId(), Code = code, NameFi = fi, NameSv = sv, NameEn = en, DescriptionFi = dFi, DescriptionSv = dSv, DescriptionEn = dEn,
                Published = true, CreatedUtc = now, UpdatedUtc = now,
            };
            db.Set<Programme>().Add(p);
            db.Set<ProgrammeAudience>().AddRange(audience.Select(a => new ProgrammeAudience { ProgrammeId = p.Id, Kind = a.Kind, Value = a.Value }));
            position = 0;
            return p;
        }

        Course AddCourse(Programme p, string code, string fi, string sv, string en, string dFi, string dSv, string dEn, string? kind = null, int? months = null, bool renewal = false, params string[] material)
        {
            var c = new Course
            {
                Id = NewId(), ProgrammeId = p.Id, Code = code, NameFi = fi, NameSv = sv, NameEn = en, DescriptionFi = dFi, DescriptionSv = dSv, DescriptionEn = dEn,
                Position = ++position, CertificateKind = kind, ValidityMonths = months, IsRenewal = renewal, CreatedUtc = now,
            };
            db.Set<Course>().Add(c);
            var order = 0;
            db.Set<CourseMaterial>().AddRange(material.Select(m => new CourseMaterial { CourseId = c.Id, MaterialId = materials[m].Id, Position = ++order }));
            return c;
        }

        void AddGroup(Course c, string code, int daysAhead, int capacity, bool online, bool mandatory, int sessions = 2)
        {
            var g = new CourseGroup
            {
                Id = NewId(), CourseId = c.Id, Code = code, Capacity = capacity, Mandatory = mandatory, TrainerStaffId = trainer?.Id, CreatedUtc = now,
                Place = online ? null : "Porvoon terveysasema, koulutustila 2 / Borgå hälsostation, utbildningsrum 2",
                OnlineUrl = online ? "https://video.example.invalid/koulutus/" + code.ToLowerInvariant() : null,
            };
            var day = Weekday(daysAhead);
            for (var i = 0; i < sessions; i++)
            {
                var start = HelsinkiTime.ToInstant(day, new TimeOnly(9, 0)).UtcDateTime;
                var end = HelsinkiTime.ToInstant(day, new TimeOnly(12, 0)).UtcDateTime;
                db.Set<GroupSession>().Add(new GroupSession { Id = NewId(), GroupId = g.Id, StartUtc = start, EndUtc = end });
                g.FirstStartUtc = i == 0 ? start : g.FirstStartUtc;
                g.LastEndUtc = end;
                day = Weekday(day.DayNumber - today.DayNumber + 7);
            }

            db.Set<CourseGroup>().Add(g);
        }

        void AddExam(Course c, int passPercent, int? maxAttempts, int waitHours, params ExamQuestion[] questions)
        {
            var exam = new Exam { Id = NewId(), CourseId = c.Id, PassPercent = passPercent, MaxAttempts = maxAttempts, RetakeWaitHours = waitHours };
            db.Set<Exam>().Add(exam);
            var n = 0;
            foreach (var q in questions)
            {
                q.Id = NewId();
                q.ExamId = exam.Id;
                q.Position = ++n;
                db.Set<ExamQuestion>().Add(q);
            }
        }

        // Chat.
        var chatProgramme = AddProgramme("DIGI-CHAT", "Chat-palvelun koulutus", "Utbildning i chattjänsten", "Chat service training",
            "Ammattilaisille, jotka vastaavat asukkaiden chat-keskusteluihin: perusteet, käytäntö ja osaamisen uusinta.",
            "För yrkespersoner som svarar på invånarnas chattar: grunder, praktik och förnyelse av kompetensen.",
            "For professionals who answer residents' chats: basics, practice and renewal.",
            (AudienceKinds.Organisation, "itu"), (AudienceKinds.Title, "nurse"), (AudienceKinds.Title, "doctor"), (AudienceKinds.Unit, "digi"), (AudienceKinds.Unit, "hs-638"));
        var chat1 = AddCourse(chatProgramme, "CHAT-1", "Chatin perusteet", "Chattens grunder", "Chat basics",
            "Chat-jono, botti ja siirto ammattilaiselle, kirjaaminen.", "Chattkön, boten och överföring till en yrkesperson, dokumentation.", "The chat queue, the bot and the handover to a professional, recording.",
            material: ["chat-guide", "privacy"]);
        var chat2 = AddCourse(chatProgramme, "CHAT-2", "Chat-työ käytännössä", "Chattarbete i praktiken", "Chat work in practice",
            "Harjoituksia oikeilla tapauksilla. Hyväksytty koe antaa Chat-hoitajan todistuksen.", "Övningar med verkliga fall. Godkänt prov ger intyget Chattsjukskötare.",
            "Exercises with real cases. Passing the exam grants the chat nurse certificate.", "chat", 24, material: ["chat-guide"]);
        var chatRenewal = AddCourse(chatProgramme, "CHAT-R", "Chat-osaamisen uusinta (verkossa)", "Förnyelse av chattkompetensen (på nätet)", "Chat skills renewal (online)",
            "Kevyt verkkokurssi: materiaali ja uusi koe. Uusii Chat-hoitajan todistuksen.", "Lätt nätkurs: material och ett nytt prov. Förnyar intyget Chattsjukskötare.",
            "A light online course: material and a new exam. Renews the chat nurse certificate.", "chat", 24, renewal: true, material: ["chat-guide", "privacy"]);
        AddGroup(chat1, "CHAT-1-01", 7, 12, online: false, mandatory: true);
        AddGroup(chat1, "CHAT-1-02", 14, 16, online: true, mandatory: false);
        AddGroup(chat2, "CHAT-2-01", 28, 12, online: false, mandatory: true);
        AddGroup(chat2, "CHAT-2-02", 35, 3, online: true, mandatory: false);

        // Symptom assessment queue.
        var symptomProgramme = AddProgramme("DIGI-OIRE", "Oirearviojonon koulutus", "Utbildning i symptombedömningskön", "Symptom assessment queue training",
            "Oirearvioiden käsittely jonossa: kiireellisyys, paikallinen ohjaus ja yhteydenotto asukkaaseen.",
            "Behandling av symptombedömningar i kön: brådskandegrad, lokal styrning och kontakt med invånaren.",
            "Handling symptom assessments in the queue: urgency, local routing and contacting the resident.",
            (AudienceKinds.Organisation, "itu"), (AudienceKinds.Title, "nurse"), (AudienceKinds.Unit, "hs-638"), (AudienceKinds.Unit, "hs-434"), (AudienceKinds.Unit, "digi"));
        var symptom1 = AddCourse(symptomProgramme, "OIRE-1", "Oirearvion perusteet", "Grunderna i symptombedömning", "Symptom assessment basics",
            "Miten asukas täyttää oirearvion ja mitä tulos kertoo.", "Hur invånaren fyller i symptombedömningen och vad resultatet säger.", "How residents fill in an assessment and what the result says.",
            material: ["omaolo", "urgency"]);
        var symptom2 = AddCourse(symptomProgramme, "OIRE-2", "Oirearviojonossa työskentely", "Arbete i symptombedömningskön", "Working in the symptom assessment queue",
            "Tehtävien ottaminen, kiireellisyysluokat ja vastausajat. Hyväksytty koe antaa oirearviojonon todistuksen.",
            "Att ta uppgifter, brådskandegrader och svarstider. Godkänt prov ger intyget för symptombedömningskön.",
            "Claiming tasks, urgency classes and response times. Passing the exam grants the symptom assessment queue certificate.", "symptom-queue", 12, material: ["urgency"]);
        var symptomRenewal = AddCourse(symptomProgramme, "OIRE-R", "Oirearviojonon uusinta (verkossa)", "Förnyelse för symptombedömningskön (på nätet)", "Symptom queue renewal (online)",
            "Kevyt verkkokurssi: materiaali ja uusi koe.", "Lätt nätkurs: material och ett nytt prov.", "A light online course: material and a new exam.",
            "symptom-queue", 12, renewal: true, material: ["omaolo", "urgency"]);
        AddGroup(symptom1, "OIRE-1-01", 8, 20, online: true, mandatory: true, sessions: 1);
        AddGroup(symptom2, "OIRE-2-01", 22, 10, online: false, mandatory: true);

        // Remote appointments: requires the chat basics (the secure chat opens every remote appointment).
        var remoteProgramme = AddProgramme("DIGI-ETA", "Etävastaanoton koulutus", "Utbildning i distansmottagning", "Remote appointment training",
            "Video- ja puhelinvastaanotot: tekniikka, tunnistaminen, vuorovaikutus ja kirjaaminen.",
            "Video- och telefonmottagningar: teknik, identifiering, växelverkan och dokumentation.",
            "Video and phone appointments: technology, identification, interaction and recording.",
            (AudienceKinds.Organisation, "itu"), (AudienceKinds.Title, "nurse"), (AudienceKinds.Title, "doctor"), (AudienceKinds.Title, "social-worker"));
        var remote1 = AddCourse(remoteProgramme, "ETA-1", "Etävastaanoton perusteet", "Grunderna i distansmottagning", "Remote appointment basics",
            "Odotushuone, videoyhteys ja varayhteys puhelimella. Hyväksytty koe antaa etävastaanoton todistuksen.",
            "Väntrummet, videoförbindelsen och reservförbindelse per telefon. Godkänt prov ger intyget för distansmottagning.",
            "The waiting room, the video connection and the phone fallback. Passing the exam grants the remote appointment certificate.",
            "remote-appointments", 36, material: ["remote", "privacy"]);
        var remote2 = AddCourse(remoteProgramme, "ETA-2", "Vuorovaikutus etävastaanotolla", "Växelverkan på distansmottagningen", "Interaction in remote appointments",
            "Keskustelun rakenne ja asukkaan ohjaus etänä.", "Samtalets struktur och vägledning av invånaren på distans.", "Structuring the conversation and guiding the resident remotely.",
            material: ["remote"]);
        db.Set<CoursePrerequisite>().Add(new CoursePrerequisite { CourseId = remote1.Id, RequiredCourseId = chat1.Id });
        AddGroup(remote1, "ETA-1-01", 15, 14, online: true, mandatory: false);
        AddGroup(remote2, "ETA-2-01", 30, 14, online: false, mandatory: false, sessions: 1);

        // An exam per course: 80 % to pass, three attempts a day apart (renewals: two attempts, no wait).
        ExamQuestion PrivacyQuestion() => Q("Saako asukkaan henkilötunnusta pyytää chatissa ennen tunnistautumista?", "Får man be om invånarens personbeteckning i chatten före identifieringen?",
            "May you ask for a resident's identity code in the chat before they have signed in?", "b",
            ("a", "Kyllä", "Ja", "Yes"), ("b", "Ei", "Nej", "No"));
        AddExam(chat1, 80, 3, 24,
            Q("Mitä botti tekee, kun se ei osaa vastata?", "Vad gör boten när den inte kan svara?", "What does the bot do when it cannot answer?", "b",
                ("a", "Lopettaa keskustelun", "Avslutar samtalet", "Ends the conversation"), ("b", "Tarjoaa siirtoa ammattilaiselle", "Erbjuder överföring till en yrkesperson", "Offers a handover to a professional"),
                ("c", "Pyytää soittamaan 112", "Ber personen ringa 112", "Asks the person to call 112")),
            PrivacyQuestion(),
            Q("Mitkä kuuluvat chatin kirjaamiseen?", "Vad hör till dokumentationen av en chatt?", "What belongs in recording a chat?", "a,c",
                ("a", "Yhteydenoton syy", "Orsaken till kontakten", "The reason for contact"), ("b", "Asukkaan kirjoitusvirheet", "Invånarens skrivfel", "The resident's typos"),
                ("c", "Annettu ohje", "Given anvisning", "The advice given")));
        AddExam(chat2, 80, 3, 24,
            Q("Asukas kertoo rintakivusta chatissa. Mitä teet ensin?", "En invånare berättar om bröstsmärta i chatten. Vad gör du först?", "A resident mentions chest pain in the chat. What do you do first?", "a",
                ("a", "Ohjaan soittamaan 112", "Hänvisar till att ringa 112", "Tell them to call 112"), ("b", "Varaan ajan ensi viikolle", "Bokar en tid nästa vecka", "Book an appointment next week")),
            Q("Kuinka monta chattia ammattilainen voi hoitaa yhtä aikaa Polussa?", "Hur många chattar kan en yrkesperson sköta samtidigt i Polku?", "How many chats can a professional handle at once in Polku?", "b",
                ("a", "Vain yhden", "Endast en", "Only one"), ("b", "Useita, jonon asetusten mukaan", "Flera, enligt köns inställningar", "Several, as the queue allows")),
            PrivacyQuestion());
        AddExam(chatRenewal, 80, 2, 0,
            Q("Mistä näet, onko chat siirretty sinulle?", "Var ser du om en chatt har överförts till dig?", "Where do you see that a chat was handed over to you?", "a",
                ("a", "Työjonosta", "I arbetskön", "In the work queue"), ("b", "Sähköpostista", "I e-posten", "In e-mail")),
            PrivacyQuestion());
        ExamQuestion UrgencyQuestion() => Q("Mikä kiireellisyysluokka tarkoittaa päivystyksellistä hoidon tarvetta?", "Vilken brådskandegrad betyder behov av jourvård?", "Which urgency class means emergency care is needed?", "a",
            ("a", "P1", "P1", "P1"), ("b", "P3", "P3", "P3"), ("c", "P4", "P4", "P4"));
        AddExam(symptom1, 80, 3, 24,
            UrgencyQuestion(),
            Q("Kenen yksikköön oirearvio ohjautuu?", "Till vems enhet styrs symptombedömningen?", "Which unit does an assessment go to?", "b",
                ("a", "Aina digitaaliselle sote-keskukselle", "Alltid till den digitala social- och hälsocentralen", "Always the digital health and social services centre"),
                ("b", "Asukkaan kunnan ja kellonajan mukaan", "Enligt invånarens kommun och klockslag", "By the resident's municipality and the time of day")));
        AddExam(symptom2, 80, 3, 24,
            UrgencyQuestion(),
            Q("Mitä tapahtuu, kun kaksi hoitajaa ottaa saman tehtävän yhtä aikaa?", "Vad händer när två sjukskötare tar samma uppgift samtidigt?", "What happens when two nurses claim the same task at once?", "a",
                ("a", "Vain toinen saa sen", "Bara den ena får den", "Only one of them gets it"), ("b", "Molemmat saavat sen", "Båda får den", "Both get it")),
            Q("Mistä vastausaika lasketaan?", "Från vad räknas svarstiden?", "Where is the response time counted from?", "b",
                ("a", "Seuraavasta arkipäivästä", "Från följande vardag", "From the next working day"), ("b", "Jonon palveluajasta", "Enligt köns servicetid", "In the queue's service time")));
        AddExam(symptomRenewal, 80, 2, 0, UrgencyQuestion(),
            Q("Voiko asukkaan tehtävän siirtää toiseen jonoon?", "Kan en invånares uppgift överföras till en annan kö?", "Can a resident's task be transferred to another queue?", "a",
                ("a", "Kyllä, historia säilyy", "Ja, historiken bevaras", "Yes, its history is kept"), ("b", "Ei", "Nej", "No")));
        AddExam(remote1, 80, 3, 24,
            Q("Mitä teet, jos videoyhteys katkeaa?", "Vad gör du om videoförbindelsen bryts?", "What do you do if the video connection drops?", "a",
                ("a", "Soitan asukkaalle varayhteytenä", "Ringer invånaren som reservförbindelse", "Phone the resident as the fallback"), ("b", "Peruan ajan", "Avbokar tiden", "Cancel the appointment")),
            PrivacyQuestion());
        AddExam(remote2, 80, 3, 24,
            Q("Miten aloitat etävastaanoton?", "Hur inleder du en distansmottagning?", "How do you open a remote appointment?", "a,b",
                ("a", "Esittäydyn", "Presenterar mig", "Introduce myself"), ("b", "Varmistan, että ääni kuuluu", "Säkerställer att ljudet hörs", "Check the sound works"),
                ("c", "Aloitan suoraan tutkimuksen", "Börjar direkt med undersökningen", "Start the examination straight away")));

        // Certified professionals: hoitaja.digi holds chat; hoitaja.porvoo's symptom-queue expires next week.
        async Task Certify(string login, Course course, DateTime issued, DateTime expires)
        {
            if (await people.FindStaffByLoginAsync(login, ct) is { } holder)
            {
                db.Set<Certificate>().Add(new Certificate
                {
                    Id = NewId(), StaffId = holder.Id, HolderName = holder.DisplayName, Kind = course.CertificateKind!, CourseId = course.Id,
                    IssuedUtc = issued, ExpiresUtc = expires, VerificationCode = VerificationCode.New(),
                });
            }
        }

        var inAWeek = now.AddDays(7);
        await Certify("hoitaja.digi", chat2, TrainingText.AddMonthsHelsinki(now, -3), TrainingText.AddMonthsHelsinki(now, 21));
        await Certify("hoitaja.porvoo", symptom2, TrainingText.AddMonthsHelsinki(inAWeek, -12), inAWeek);
        await Certify("laakari.porvoo", remote1, TrainingText.AddMonthsHelsinki(now, -6), TrainingText.AddMonthsHelsinki(now, 30));
        await db.SaveChangesAsync(ct);

        Material Mat(string kind, string fi, string sv, string en, string url) =>
            new() { Id = NewId(), Kind = kind, TitleFi = fi, TitleSv = sv, TitleEn = en, Url = url, CreatedUtc = now };
    }

    private static ExamQuestion Q(string fi, string sv, string en, string correct, params (string Key, string Fi, string Sv, string En)[] choices) => new()
    {
        TextFi = fi,
        TextSv = sv,
        TextEn = en,
        Correct = correct,
        ChoicesJson = JsonSerializer.Serialize(choices.Select(c => new StoredChoice(c.Key, c.Fi, c.Sv, c.En)), Json),
    };
}
