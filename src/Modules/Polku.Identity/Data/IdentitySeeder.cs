using Microsoft.EntityFrameworkCore;
using Polku.Identity.Contracts;
using Polku.Platform.Persistence;
using Polku.Platform.Security;
using Polku.Platform.Time;
using Polku.Region.Contracts;

namespace Polku.Identity.Data;

/// <summary>Demo people and staff. Every name, address and number is fictional; identity codes use test numbers 900–999.</summary>
internal static class IdentitySeeder
{
    public static async Task SeedAsync(PolkuDb db, IUnitDirectory units, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await db.Set<Person>().AnyAsync(cancellationToken))
        {
            return;
        }

        var now = time.GetUtcNow();
        var today = HelsinkiTime.LocalDate(now);

        Person P(string first, string last, DateOnly born, int number, string municipality, string city, string postal, string street, string language, bool isProtected = false) => new()
        {
            Id = Guid.CreateVersion7(now),
            IdentityCode = PersonalIdentityCode.Create(born, number),
            FirstName = first,
            LastName = last,
            HomeMunicipalityCode = municipality,
            Phone = $"+358 40 000 0{number}",
            Email = $"{Ascii(first)}.{Ascii(last)}@example.invalid",
            StreetAddress = street,
            PostalCode = postal,
            City = city,
            ProtectedAddress = isProtected,
            PreferredLanguage = language,
            CreatedUtc = now.UtcDateTime,
        };

        var maija = P("Maija", "Meikäläinen", new DateOnly(1980, 5, 14), 902, "638", "Porvoo", "06100", "Esimerkkikatu 1 A 2", "fi");
        var erik = P("Erik", "Exempelsson", new DateOnly(1975, 3, 2), 903, "638", "Borgå", "06100", "Exempelgatan 3", "sv");
        var lotta = P("Lotta", "Testinen", new DateOnly(1990, 11, 23), 904, "434", "Loviisa", "07900", "Kokeilutie 5", "fi");
        var ville = P("Ville", "Vanhempi", new DateOnly(1985, 8, 9), 905, "638", "Porvoo", "06150", "Perhepolku 7", "fi");
        var onni = P("Onni", "Vanhempi", today.AddYears(-8).AddDays(-40), 907, "638", "Porvoo", "06150", "Perhepolku 7", "fi");
        var ella = P("Ella", "Vanhempi", today.AddYears(-16).AddDays(-10), 908, "638", "Porvoo", "06150", "Perhepolku 7", "fi");
        var tuula = P("Tuula", "Turvattu", new DateOnly(1970, 1, 30), 910, "753", "Sipoo", "04130", "Salainen osoite 9", "fi", isProtected: true);
        db.Set<Person>().AddRange(maija, erik, lotta, ville, onni, ella, tuula);
        db.Set<Guardianship>().AddRange(
            new Guardianship { GuardianId = ville.Id, WardId = onni.Id },
            new Guardianship { GuardianId = ville.Id, WardId = ella.Id });

        async Task<StaffMember> Staff(string login, string name, string title, string[] roles, params string[] unitCodes)
        {
            var staff = new StaffMember
            {
                Id = Guid.CreateVersion7(now),
                Login = login,
                DisplayName = name,
                Title = title,
                Email = $"{login}@example.invalid",
            };
            db.Set<StaffMember>().Add(staff);
            db.Set<StaffRole>().AddRange(roles.Select(r => new StaffRole { StaffId = staff.Id, Role = r }));
            foreach (var code in unitCodes)
            {
                if (await units.FindByCodeAsync(code, cancellationToken) is { } unit)
                {
                    db.Set<StaffUnit>().Add(new StaffUnit { StaffId = staff.Id, UnitId = unit.Id });
                }
            }

            return staff;
        }

        string[] professional = [PolkuRoles.Professional];
        await Staff("hoitaja.porvoo", "Hanna Hoitaja", "nurse", professional, "hs-638");
        await Staff("laakari.porvoo", "Lauri Lääkäri", "doctor", professional, "hs-638");
        await Staff("hoitaja.loviisa", "Liisa Lähihoito", "nurse", professional, "hs-434");
        await Staff("sosiaalityo.porvoo", "Sanna Sosiaalinen", "social-worker", professional, "ss-638");
        await Staff("sihteeri.porvoo", "Seija Sihteeri", "secretary", professional, "hs-638", "ss-638");
        await Staff("hoitaja.digi", "Daniel Digitalis", "nurse", professional, "digi");
        (await Staff("koordinaattori", "Kaisa Koordinaattori", "coordinator", [PolkuRoles.Coordinator])).AdminCounty = true;
        // A coordinator of one health station: administers only its staff (staff administration, docs/staff-administration.md).
        var unitCoordinator = await Staff("koordinaattori.porvoo", "Kerttu Koordinaattori", "coordinator", [PolkuRoles.Coordinator]);
        if (await units.FindByCodeAsync("hs-638", cancellationToken) is { } porvoo)
        {
            db.Set<StaffAdminScope>().Add(new StaffAdminScope { StaffId = unitCoordinator.Id, UnitId = porvoo.Id });
        }

        await Staff("jarjestaja", "Jaakko Järjestäjä", "organiser", [PolkuRoles.Organiser]);
        await Staff("palvelupaallikko", "Paula Päällikkö", "service-manager", [PolkuRoles.ServiceManager], "hs-638", "hs-434");
        await Staff("tukipalvelu", "Tuomas Tukipalvelu", "service-desk", [PolkuRoles.ServiceDeskRole]);
        await Staff("kouluttaja", "Kalle Kouluttaja", "trainer", [PolkuRoles.Trainer]);
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string Ascii(string s) => s.ToLowerInvariant().Replace('ä', 'a').Replace('ö', 'o').Replace('å', 'a');
}
