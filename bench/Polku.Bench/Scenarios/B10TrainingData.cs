using System.Globalization;
using Npgsql;
using NpgsqlTypes;

namespace Polku.Bench.Scenarios;

public sealed partial class B10Training
{
    /// <summary>A seeded professional: id, demo-form login, and what their own page must show (a certificate's verification code).</summary>
    private sealed record Trainee(Guid Id, string Login, string Marker);

    private sealed record SeededGroup(Guid Id, string Code, int Course);

    /// <summary>
    /// Seed 002's volumes, generated from a seed and bulk-loaded by binary COPY into Identity's staff tables (which the
    /// module reads through the people directory) and the module's <c>training_*</c> tables.
    /// </summary>
    private sealed class TrainingData
    {
        public const int MaxTitles = 150;
        public const int MaxProgrammes = 125;
        private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTWXYZ";

        // 30 professions x 5 fields = 150 title values, as a coordinator would type them.
        private static readonly string[] Professions =
        [
            "nurse", "doctor", "social-worker", "physiotherapist", "midwife", "public-health-nurse", "dentist", "dental-hygienist", "practical-nurse",
            "psychologist", "occupational-therapist", "speech-therapist", "pharmacist", "radiographer", "laboratory-nurse", "paramedic", "home-care-worker",
            "social-counsellor", "family-worker", "secretary", "dietitian", "podiatrist", "rehabilitation-counsellor", "ward-manager", "chief-physician",
            "service-manager", "it-support", "chaplain", "youth-worker", "psychiatric-nurse",
        ];

        private static readonly string[] Fields = ["", "-emergency", "-primary-care", "-elderly-care", "-mental-health"];

        // Programme names: topic (fi, sv, en) x form; 25 x 5 = 125 distinct names.
        public static readonly (string Fi, string Sv, string En)[] Topics =
        [
            ("Haavanhoito", "Sårvård", "Wound care"), ("Kirjaaminen", "Dokumentation", "Documentation"), ("Lääkehoito", "Läkemedelsbehandling", "Medication"),
            ("Etävastaanotto", "Distansmottagning", "Remote appointments"), ("Chat-työ", "Chattarbete", "Chat work"), ("Oirearvio", "Symtombedömning", "Symptom assessment"),
            ("Elvytys", "Återupplivning", "Resuscitation"), ("Tietosuoja", "Dataskydd", "Data protection"), ("Asiakaspalvelu", "Kundservice", "Customer service"),
            ("Kivunhoito", "Smärtbehandling", "Pain management"), ("Diabetes", "Diabetes", "Diabetes"), ("Muistisairaudet", "Minnessjukdomar", "Memory disorders"),
            ("Päihdetyö", "Missbruksarbete", "Substance abuse work"), ("Lastensuojelu", "Barnskydd", "Child welfare"), ("Kotihoito", "Hemvård", "Home care"),
            ("Infektiot", "Infektioner", "Infections"), ("Ravitsemus", "Nutrition", "Nutrition"), ("Kuntoutus", "Rehabilitering", "Rehabilitation"),
            ("Mielenterveys", "Psykisk hälsa", "Mental health"), ("Saattohoito", "Vård i livets slutskede", "End-of-life care"), ("Ergonomia", "Ergonomi", "Ergonomics"),
            ("Potilasturvallisuus", "Patientsäkerhet", "Patient safety"), ("Väkivallan ehkäisy", "Våldsprevention", "Violence prevention"),
            ("Monikulttuurisuus", "Mångkultur", "Multiculturalism"), ("Esihenkilötyö", "Chefsarbete", "Leadership"),
        ];

        public static readonly (string Fi, string Sv, string En)[] Forms =
        [
            ("perusteet", "grunder", "basics"), ("käytännössä", "i praktiken", "in practice"), ("syventävä", "fördjupning", "advanced"),
            ("päivitys", "uppdatering", "update"), ("verkkokurssi", "webbkurs", "online course"),
        ];

        private static readonly string[] FirstNames =
        [
            "Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Maija", "Niko", "Oona", "Pekka", "Riikka", "Sami", "Tiina", "Ville", "Anna", "Mikko", "Sari",
            "Jari", "Elina", "Timo",
        ];

        private static readonly string[] LastNames =
        [
            "Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lehtonen", "Lehtinen",
            "Saarinen", "Salminen", "Heinonen", "Niemi", "Heikkilä", "Kinnunen", "Salonen", "Turunen",
        ];

        private static readonly string[] TitleTexts = ["Sairaanhoitaja", "Lääkäri", "Sosiaalityöntekijä", "Fysioterapeutti", "Lähihoitaja", "Terveydenhoitaja", "Kätilö"];

        private readonly Settings settings;
        private readonly Random random;
        private readonly DateTime now;
        private readonly IReadOnlyList<string> units;
        private readonly IReadOnlyList<Guid> unitIds;
        private readonly string[] titles;
        private readonly Guid[] trainers = new Guid[Trainers];
        private readonly List<SeededGroup> groups = [];
        private readonly List<(Guid Programme, string Kind, string Value)> audiences = [];
        private readonly List<string> codes = [];

        public TrainingData(Settings settings, IReadOnlyList<string> units, IReadOnlyList<Guid> unitIds, DateTime now)
        {
            this.settings = settings;
            this.units = units;
            this.unitIds = unitIds;
            this.now = now;
            random = new Random(settings.Seed);
            titles = [.. Fields.SelectMany(f => Professions.Select(p => p + f)).Take(settings.Titles)];
        }

        public List<string> ProgrammeCodes => codes;

        public List<Trainee> RaceTrainees { get; } = [];

        public List<Trainee> PageTrainees { get; } = [];

        public List<SeededGroup> RaceGroups { get; } = [];

        /// <summary>A topic word of the Finnish names: its programmes (one per form) and the first of them.</summary>
        public (string Word, string FirstCode, IReadOnlyList<string> Codes) SearchWord { get; private set; }

        private List<string> searchTitles = [];
        private List<string> searchUnits = [];

        public string SearchTitle(long i) => searchTitles[(int)(i % searchTitles.Count)];

        public string SearchUnit(long i) => searchUnits[(int)(i % searchUnits.Count)];

        public static string TrainerLoginOf(int i) => "b10.kouluttaja" + (i + 1).ToString("00", CultureInfo.InvariantCulture);

        public IReadOnlyList<SeededGroup> TrainerGroups(int i) => [.. groups.Where((_, g) => g % Trainers == i)];

        public async Task LoadAsync(ScenarioContext context, NpgsqlDataSource db, CancellationToken cancellationToken)
        {
            await using var connection = await db.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

            // Staff: the trainers and the trainees, with Identity's roles and units.
            var trainees = new Guid[settings.Trainees];
            var staff = new List<object?[]>();
            var roles = new List<object?[]>();
            var staffUnits = new List<object?[]>();
            var names = new Dictionary<Guid, string>();
            for (var i = 0; i < Trainers; i++)
            {
                trainers[i] = Guid.CreateVersion7();
                var name = "Kouluttaja " + LastNames[i % LastNames.Length] + " " + (i + 1).ToString(CultureInfo.InvariantCulture);
                staff.Add([trainers[i], TrainerLoginOf(i), name, "Kouluttaja", null]);
                roles.Add([trainers[i], "trainer"]);
            }

            for (var i = 0; i < trainees.Length; i++)
            {
                trainees[i] = Guid.CreateVersion7();
                var name = FirstNames[random.Next(FirstNames.Length)] + " " + LastNames[random.Next(LastNames.Length)];
                names[trainees[i]] = name;
                staff.Add([trainees[i], LoginOf(i), name, TitleTexts[random.Next(TitleTexts.Length)], LoginOf(i) + "@example.invalid"]);
                roles.Add([trainees[i], "professional"]);
                if (unitIds.Count > 0)
                {
                    staffUnits.Add([trainees[i], unitIds[random.Next(unitIds.Count)]]);
                }
            }

            await CopyAsync(connection, "identity_staff", ["id", "login", "display_name", "title", "email"], staff, cancellationToken);
            await CopyAsync(connection, "identity_staff_roles", ["staff_id", "role"], roles, cancellationToken);
            await CopyAsync(connection, "identity_staff_units", ["staff_id", "unit_id"], staffUnits, cancellationToken);

            // Certificate kinds, programmes with their audiences, courses.
            var kinds = Enumerable.Range(1, 10).Select(k => "b10-k" + k.ToString("00", CultureInfo.InvariantCulture)).ToList();
            await CopyAsync(connection, "training_certificate_kinds", ["code", "name_fi", "name_sv", "name_en"],
                kinds.Select(k => new object?[] { k, "Pätevyys " + k[^2..], "Behörighet " + k[^2..], "Certificate " + k[^2..] }), cancellationToken);

            var programmes = new List<object?[]>();
            var nextTitle = 0;
            var programmeIds = new Guid[settings.Programmes];
            for (var p = 0; p < settings.Programmes; p++)
            {
                programmeIds[p] = Guid.CreateVersion7();
                var (topic, form) = (Topics[p % Topics.Length], Forms[p / Topics.Length % Forms.Length]);
                var code = "B10-P" + (p + 1).ToString("000", CultureInfo.InvariantCulture);
                codes.Add(code);
                programmes.Add([programmeIds[p], code, topic.Fi + " – " + form.Fi, topic.Sv + " – " + form.Sv, topic.En + " – " + form.En,
                    "Koulutusohjelma: " + topic.Fi.ToLowerInvariant() + ", " + form.Fi + ".", "Utbildningsprogram: " + topic.Sv.ToLowerInvariant() + ", " + form.Sv + ".",
                    "Training programme: " + topic.En.ToLowerInvariant() + ", " + form.En + ".", true, now, now, 1]);
                // Four programmes in five name 1-3 titles, taken in turn so that every title is some programme's audience.
                if (p % 5 != 4)
                {
                    for (var k = 1 + random.Next(3); k > 0; k--)
                    {
                        audiences.Add((programmeIds[p], "title", titles[nextTitle++ % titles.Length]));
                    }
                }

                if (units.Count > 0 && random.Next(5) < 2)
                {
                    foreach (var u in Enumerable.Range(0, 1 + random.Next(2)).Select(_ => units[random.Next(units.Count)]).Distinct())
                    {
                        audiences.Add((programmeIds[p], "unit", u));
                    }
                }
            }

            await CopyAsync(connection, "training_programmes",
                ["id", "code", "name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en", "published", "created_utc", "updated_utc", "version"],
                programmes, cancellationToken);
            await CopyAsync(connection, "training_programme_audiences", ["programme_id", "kind", "value"],
                audiences.Select(a => new object?[] { a.Programme, a.Kind, a.Value }), cancellationToken);
            var word = Topics[3 % Topics.Length].Fi;
            var wordCodes = codes.Where((_, p) => p % Topics.Length == 3).ToList();
            SearchWord = (word.ToLowerInvariant(), wordCodes[0], wordCodes);
            searchTitles = [.. audiences.Where(a => a.Kind == "title").Select(a => a.Value).Distinct().Order(StringComparer.Ordinal).Take(10)];
            searchUnits = [.. audiences.Where(a => a.Kind == "unit").Select(a => a.Value).Distinct().Order(StringComparer.Ordinal).Take(10)];

            // Courses: one per programme at position 1, the rest at later positions; every third grants a kind for 24 months.
            var courseIds = new Guid[settings.Courses];
            var courseKinds = new string?[settings.Courses];
            var courses = new List<object?[]>();
            for (var c = 0; c < settings.Courses; c++)
            {
                courseIds[c] = Guid.CreateVersion7();
                var programme = c < settings.Programmes ? c : (c - settings.Programmes) % settings.Programmes;
                var position = c < settings.Programmes ? 1 : 2 + (c - settings.Programmes) / settings.Programmes;
                courseKinds[c] = c % 3 == 0 ? kinds[c % kinds.Count] : null;
                var n = (c + 1).ToString("000", CultureInfo.InvariantCulture);
                courses.Add([courseIds[c], programmeIds[programme], "B10-C" + n, "Kurssi " + n, "Kurs " + n, "Course " + n, "Kurssin kuvaus.", "Kursens beskrivning.",
                    "The course's description.", position, courseKinds[c], courseKinds[c] is null ? null : 24, false, now]);
            }

            await CopyAsync(connection, "training_courses",
                ["id", "programme_id", "code", "name_fi", "name_sv", "name_en", "description_fi", "description_sv", "description_en", "position", "certificate_kind",
                    "validity_months", "is_renewal", "created_utc"], courses, cancellationToken);

            // Race groups: the last groups of first-position courses; their trainees (three per pair) hold no place anywhere.
            var raceIndexes = Enumerable.Range(0, settings.Groups).Reverse().Where(g => g % settings.Courses < settings.Programmes).Take(settings.Pairs).ToHashSet();
            var raceFrom = trainees.Length - 3 * settings.Pairs;

            // Groups with two sessions, one and two weeks apart, 1-10 weeks ahead; enrolments fill most of them.
            var groupRows = new List<object?[]>();
            var sessions = new List<object?[]>();
            var enrolments = new List<object?[]>();
            var live = new HashSet<(int Trainee, int Course)>();
            var placesOf = new Dictionary<int, List<string>>();
            var order = Enumerable.Range(0, raceFrom).OrderBy(_ => random.Next()).ToArray();
            var next = 0;
            for (var g = 0; g < settings.Groups; g++)
            {
                var id = Guid.CreateVersion7();
                var course = g % settings.Courses;
                var code = "B10-G" + (g + 1).ToString("0000", CultureInfo.InvariantCulture);
                var seeded = new SeededGroup(id, code, course);
                groups.Add(seeded);
                var capacity = 12 + random.Next(19);
                var first = now.Date.AddDays(7 + random.Next(63)).AddHours(6);
                var second = first.AddDays(7);
                var race = raceIndexes.Contains(g);
                int enrolled, waiting;
                if (race)
                {
                    (enrolled, waiting) = (capacity - 1, 0);
                    RaceGroups.Add(seeded);
                }
                else if (random.NextDouble() < 0.15)
                {
                    (enrolled, waiting) = (capacity, 1 + random.Next(5));
                }
                else
                {
                    (enrolled, waiting) = ((int)(capacity * (0.6 + 0.35 * random.NextDouble())), 0);
                }

                for (var k = 0; k < enrolled + waiting; k++)
                {
                    var tries = 0;
                    int t;
                    do
                    {
                        t = order[next++ % order.Length];
                    }
                    while (!live.Add((t, course)) && ++tries < order.Length);

                    var isWaiting = k >= enrolled;
                    var created = now.AddDays(-random.Next(1, 30));
                    enrolments.Add([Guid.CreateVersion7(), id, courseIds[course], trainees[t], isWaiting ? "waiting" : "enrolled", isWaiting ? k - enrolled + 1 : null,
                        courseIds[course], created, isWaiting ? null : created]);
                    (placesOf.TryGetValue(t, out var list) ? list : placesOf[t] = []).Add(code);
                }

                groupRows.Add([id, courseIds[course], code, g % 4 == 0 ? null : "Koulutustila " + (1 + g % 12).ToString(CultureInfo.InvariantCulture),
                    g % 4 == 0 ? "https://meet.example.invalid/b10/" + code : null, trainers[g % Trainers], capacity, enrolled, waiting, g % 3 == 0, first,
                    second.AddHours(3), now]);
                sessions.Add([Guid.CreateVersion7(), id, first, first.AddHours(3)]);
                sessions.Add([Guid.CreateVersion7(), id, second, second.AddHours(3)]);
            }

            await CopyAsync(connection, "training_groups",
                ["id", "course_id", "code", "place", "online_url", "trainer_staff_id", "capacity", "taken", "waiting_last", "mandatory", "first_start_utc", "last_end_utc",
                    "created_utc"], groupRows, cancellationToken);
            await CopyAsync(connection, "training_sessions", ["id", "group_id", "start_utc", "end_utc"], sessions, cancellationToken);
            await CopyAsync(connection, "training_enrolments",
                ["id", "group_id", "course_id", "staff_id", "status", "waiting_number", "active_course_id", "created_utc", "enrolled_utc"], enrolments, cancellationToken);

            // Certificates for about 30 % of the trainees (not the race's), issued in the last two years, valid 24 months.
            var granting = Enumerable.Range(0, settings.Courses).Where(c => courseKinds[c] is not null).ToArray();
            var verification = new HashSet<string>(StringComparer.Ordinal);
            var certificates = new List<object?[]>();
            var codeOf = new Dictionary<int, string>();
            for (var t = 0; t < raceFrom; t++)
            {
                if (random.Next(10) >= 3)
                {
                    continue;
                }

                var course = granting[random.Next(granting.Length)];
                var issued = now.AddDays(-random.Next(700)).AddMinutes(-random.Next(600));
                string code;
                do
                {
                    code = new string([.. Enumerable.Range(0, 10).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
                }
                while (!verification.Add(code));

                codeOf[t] = code;
                certificates.Add([Guid.CreateVersion7(), trainees[t], names[trainees[t]], courseKinds[course], courseIds[course], issued, issued.AddMonths(24), code]);
            }

            await CopyAsync(connection, "training_certificates",
                ["id", "staff_id", "holder_name", "kind", "course_id", "issued_utc", "expires_utc", "verification_code"], certificates, cancellationToken);
            await transaction.CommitAsync(cancellationToken);

            for (var t = raceFrom; t < trainees.Length; t++)
            {
                RaceTrainees.Add(new Trainee(trainees[t], LoginOf(t), ""));
            }

            foreach (var t in codeOf.Keys.Where(placesOf.ContainsKey).Order().Take(8))
            {
                PageTrainees.Add(new Trainee(trainees[t], LoginOf(t), codeOf[t]));
            }

            context.Log(string.Create(CultureInfo.InvariantCulture,
                $"generated {staff.Count:N0} staff, {programmes.Count} programmes ({audiences.Count} audience rows), {courses.Count} courses, {groupRows.Count} groups, "
                + $"{enrolments.Count:N0} enrolments, {certificates.Count:N0} certificates; race groups {string.Join(", ", RaceGroups.Select(r => r.Code))}"));
        }

        private static string LoginOf(int i) => "b10.koulutettava" + (i + 1).ToString("00000", CultureInfo.InvariantCulture);

        /// <summary>The seeded volumes as the database holds them (demo rows included).</summary>
        public static async Task<List<(string Key, long Value)>> CountsAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
        {
            (string Key, string Sql)[] queries =
            [
                ("staff", "SELECT count(*) FROM identity_staff"),
                ("programmes", "SELECT count(*) FROM training_programmes"),
                ("audience_titles", "SELECT count(DISTINCT value) FROM training_programme_audiences WHERE kind = 'title'"),
                ("courses", "SELECT count(*) FROM training_courses"),
                ("groups", "SELECT count(*) FROM training_groups"),
                ("sessions", "SELECT count(*) FROM training_sessions"),
                ("groups_full", "SELECT count(*) FROM training_groups WHERE taken = capacity"),
                ("fill_percent", "SELECT round(100.0 * sum(taken) / sum(capacity)) FROM training_groups"),
                ("enrolled", "SELECT count(*) FROM training_enrolments WHERE status = 'enrolled'"),
                ("waiting", "SELECT count(*) FROM training_enrolments WHERE status = 'waiting'"),
                ("certificates", "SELECT count(*) FROM training_certificates"),
                ("certified_trainees", "SELECT count(DISTINCT staff_id) FROM training_certificates"),
            ];
            var counts = new List<(string, long)>();
            foreach (var (key, sql) in queries)
            {
                counts.Add((key, await ScalarAsync(db, sql, cancellationToken)));
            }

            return counts;
        }

        /// <summary>Binary COPY of rows whose values are Guid, string, DateTime (UTC), bool, int or null, in the order of <paramref name="columns"/>.</summary>
        private static async Task CopyAsync(NpgsqlConnection connection, string table, string[] columns, IEnumerable<object?[]> rows, CancellationToken cancellationToken)
        {
            await using var copy = await connection.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
            foreach (var row in rows)
            {
                await copy.StartRowAsync(cancellationToken);
                foreach (var value in row)
                {
                    await (value switch
                    {
                        null => copy.WriteNullAsync(cancellationToken),
                        Guid g => copy.WriteAsync(g, NpgsqlDbType.Uuid, cancellationToken),
                        string s => copy.WriteAsync(s, NpgsqlDbType.Text, cancellationToken),
                        DateTime d => copy.WriteAsync(DateTime.SpecifyKind(d, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, cancellationToken),
                        bool b => copy.WriteAsync(b, NpgsqlDbType.Boolean, cancellationToken),
                        int n => copy.WriteAsync(n, NpgsqlDbType.Integer, cancellationToken),
                        _ => throw new InvalidOperationException($"No COPY type for {value.GetType()}"),
                    });
                }
            }

            await copy.CompleteAsync(cancellationToken);
        }

        public static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
        {
            await using var command = db.CreateCommand(sql);
            command.Parameters.AddRange(parameters);
            var scalar = await command.ExecuteScalarAsync(cancellationToken);
            return scalar is null or DBNull ? 0 : Convert.ToInt64(scalar, CultureInfo.InvariantCulture);
        }

        public static async Task<List<string>> StringsAsync(NpgsqlDataSource db, string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
        {
            await using var command = db.CreateCommand(sql);
            command.Parameters.AddRange(parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var list = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(reader.GetString(0));
            }

            return list;
        }

        public static async Task<List<Guid>> GuidsAsync(NpgsqlDataSource db, string sql, CancellationToken cancellationToken)
        {
            await using var command = db.CreateCommand(sql);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var list = new List<Guid>();
            while (await reader.ReadAsync(cancellationToken))
            {
                list.Add(reader.GetGuid(0));
            }

            return list;
        }

        /// <summary>The live enrolments' statuses in a group by trainee.</summary>
        public static async Task<Dictionary<Guid, string>> StatusesAsync(NpgsqlDataSource db, Guid group, CancellationToken cancellationToken)
        {
            await using var command = db.CreateCommand("SELECT staff_id, status FROM training_enrolments WHERE group_id = @id AND status <> 'cancelled'");
            command.Parameters.Add(new NpgsqlParameter<Guid>("id", group));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var statuses = new Dictionary<Guid, string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                statuses[reader.GetGuid(0)] = reader.GetString(1);
            }

            return statuses;
        }
    }
}
