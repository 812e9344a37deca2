using System.Globalization;
using Polku.Platform.Journal;
using Polku.Platform.Time;

namespace Polku.ControlTower.Data;

/// <summary>A municipality of generated activity: how much of it (relative weight) and which units serve it.</summary>
public sealed record ActivityMunicipality(string Code, int Weight, Guid HealthUnit, Guid SocialUnit);

/// <summary>What the generator builds activity for: the municipalities, the digital centre, and the services.</summary>
public sealed record ActivityShape(IReadOnlyList<ActivityMunicipality> Municipalities, Guid DigitalUnit, string HealthService, string SocialService,
    string PreInformationForm, string OtherForm);

/// <summary>Generated activity: the service events and the daily phone and walk-in counts of the same days.</summary>
public sealed record GeneratedActivity(IReadOnlyList<ServiceEvent> Events, IReadOnlyList<(DateOnly Day, string Municipality, string Channel, string Kind, int Count)> Imported);

/// <summary>
/// Plausible activity of a county (assessments and their routing, bookings and attendance, messages, chats, forms,
/// call-backs, desk tasks, follow-up and feedback), deterministic for a seed: the demo county's control tower starts
/// with a few months of it, the control-tower tests check the KPIs against it by hand, and benchmark B7 makes ten
/// million events with it. Every event carries the fields <see cref="ServiceEventTypes.All"/> asks of its type. The
/// events are built directly (they are back-dated), never through <see cref="ServiceJournal"/>, and never describe a
/// real person: the resident keys are random.
/// </summary>
public sealed class ActivityGenerator(ActivityShape shape, int seed)
{
    private readonly Random _random = new(seed);
    private readonly ActivityShape _shape = shape;

    /// <summary>The activity of each Helsinki day from <paramref name="from"/> to <paramref name="to"/>, <paramref name="perDay"/> assessments a day on average.</summary>
    public GeneratedActivity Generate(DateOnly from, DateOnly to, int perDay)
    {
        var events = new List<ServiceEvent>();
        var imported = new List<(DateOnly, string, string, string, int)>();
        foreach (var day in Days(from, to))
        {
            foreach (var (events2, counts) in Day(day, perDay))
            {
                events.AddRange(events2);
                imported.AddRange(counts);
            }
        }

        return new GeneratedActivity(events, imported);
    }

    /// <summary>The days as batches (for bulk writers that should not hold everything at once).</summary>
    public IEnumerable<(IReadOnlyList<ServiceEvent> Events, IReadOnlyList<(DateOnly Day, string Municipality, string Channel, string Kind, int Count)> Imported)> Stream(
        DateOnly from, DateOnly to, int perDay)
    {
        foreach (var day in Days(from, to))
        {
            foreach (var batch in Day(day, perDay))
            {
                yield return batch;
            }
        }
    }

    private static IEnumerable<DateOnly> Days(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            yield return d;
        }
    }

    private IEnumerable<(IReadOnlyList<ServiceEvent>, IReadOnlyList<(DateOnly, string, string, string, int)>)> Day(DateOnly day, int perDay)
    {
        var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        var total = _shape.Municipalities.Sum(m => m.Weight);
        foreach (var m in _shape.Municipalities)
        {
            var day0 = new List<ServiceEvent>();
            var scale = (double)perDay * m.Weight / total * (weekend ? 0.35 : 1);
            var d = new DayWriter(this, day, m, day0);
            for (var i = Count(scale); i > 0; i--)
            {
                d.Assessment();
            }

            for (var i = Count(scale * 0.8); i > 0; i--)
            {
                d.Booking();
            }

            for (var i = Count(scale * 0.5); i > 0; i--)
            {
                d.Message();
            }

            for (var i = Count(scale * 0.4); i > 0; i--)
            {
                d.Chat();
            }

            for (var i = Count(scale * 0.2); i > 0; i--)
            {
                d.Form();
            }

            for (var i = Count(scale * 0.15); i > 0; i--)
            {
                d.Callback();
            }

            for (var i = Count(scale * 0.05); i > 0; i--)
            {
                d.FollowUp();
            }

            for (var i = Count(scale * 0.3); i > 0; i--)
            {
                d.Feedback();
            }

            var counts = weekend
                ? new List<(DateOnly, string, string, string, int)>()
                :
                [
                    (day, m.Code, "phone", "first-line", Count(scale * 1.6)),
                    (day, m.Code, "phone", "other", Count(scale * 0.5)),
                    (day, m.Code, "walk-in", "first-line", Count(scale * 0.3)),
                    (day, m.Code, "walk-in", "other", Count(scale * 0.9)),
                ];
            yield return (day0, counts);
        }
    }

    /// <summary>A count around <paramref name="mean"/> (uniform ± half, never negative).</summary>
    private int Count(double mean) => mean <= 0 ? 0 : (int)Math.Round(mean * (0.5 + _random.NextDouble()));

    private T Pick<T>(params (T Value, int Weight)[] choices)
    {
        var roll = _random.Next(choices.Sum(c => c.Weight));
        foreach (var (value, weight) in choices)
        {
            if ((roll -= weight) < 0)
            {
                return value;
            }
        }

        return choices[^1].Value;
    }

    private sealed class DayWriter(ActivityGenerator g, DateOnly day, ActivityMunicipality m, List<ServiceEvent> events)
    {
        private readonly ActivityShape _s = g._shape;

        private DateTime At(int fromHour = 7, int toHour = 20) =>
            HelsinkiTime.ToInstant(day, new TimeOnly(g._random.Next(fromHour, toHour), g._random.Next(60), g._random.Next(60))).UtcDateTime;

        private string Resident() => Convert.ToHexStringLower(BitConverter.GetBytes(g._random.NextInt64())) + Convert.ToHexStringLower(BitConverter.GetBytes(g._random.NextInt64()));

        private void Add(DateTime at, string type, string channel, bool digital, string? resident, string? service, Guid? unit, string kind = "first-line",
            string? outcome = null, string? detail = null, int? waiting = null, int? handling = null) =>
            events.Add(new ServiceEvent
            {
                Id = Guid.CreateVersion7(new DateTimeOffset(at, TimeSpan.Zero)), AtUtc = at, Type = type, Channel = channel, Digital = digital,
                MunicipalityCode = m.Code, ServiceCode = service, UnitId = unit, ContactKind = kind, Outcome = outcome, Detail = detail,
                WaitingSeconds = waiting, HandlingSeconds = handling, ResidentKey = resident,
            });

        private static string Due(DateTime due) => due.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

        private void Task(DateTime at, string taskType, string? resident, string service, Guid unit, string kind, string urgency)
        {
            var due = at.AddHours(g.Pick((4, 2), (24, 5), (72, 3)));
            var detail = taskType + " due " + Due(due);
            Add(at, "task.created", ChannelOf(taskType), true, resident, service, unit, kind, urgency, detail);
            var waiting = g._random.Next(60, 6 * 3600);
            var claimed = at.AddSeconds(waiting);
            Add(claimed, "task.claimed", ChannelOf(taskType), true, null, service, unit, kind, urgency, detail, waiting);
            if (g._random.Next(10) < 9)
            {
                var handling = g._random.Next(120, 1800);
                var done = g._random.Next(10) < 8 ? claimed.AddSeconds(handling) : due.AddHours(g._random.Next(1, 24));
                Add(done, "task.completed", ChannelOf(taskType), true, resident, service, unit, kind, "done", detail, waiting, handling);
            }
        }

        private static string ChannelOf(string taskType) => taskType switch
        {
            "assessment-result" => "assessment",
            "follow-up-alert" => "follow-up",
            _ => taskType,
        };

        public void Assessment()
        {
            var at = At(0, 24);
            var resident = g._random.Next(10) < 6 ? Resident() : null;
            var urgency = g.Pick(("P0", 1), ("P1", 3), ("P2", 12), ("P3", 18), ("P4", 20), ("L2", 20), ("S", 26));
            Add(at, "assessment.started", "assessment", true, resident, null, null);
            Add(at.AddMinutes(4), "assessment.completed", "assessment", true, resident, _s.HealthService, null, outcome: urgency, detail: "symptoms@1.0.0");
            if (urgency == "S")
            {
                return;
            }

            var destination = g.Pick(("WorkQueue", 30), ("Callback", 15), ("SelfBooking", 30), ("Chat", 8), ("Phone", 7), ("EmergencyDepartment", 6), ("ExternalLink", 4));
            Add(at.AddMinutes(5), "assessment.routed", "assessment", true, resident, _s.HealthService, null, outcome: destination, detail: urgency + " row");
            if (destination == "WorkQueue")
            {
                Add(at.AddMinutes(6), "assessment.sent", "assessment", true, resident ?? Resident(), _s.HealthService, null, outcome: urgency);
                Task(at.AddMinutes(6), "assessment-result", resident, _s.HealthService, m.HealthUnit, "first-line", urgency == "P2" ? "P2" : "P3");
            }
        }

        public void Booking()
        {
            var at = At();
            var resident = Resident();
            var source = g.Pick(("assessment", 25), ("invitation", 10), ("open", 20), ("desk", 45));
            var digital = source != "desk";
            var channel = digital ? "self-booking" : "on-behalf";
            var mode = g.Pick(("in-person", 70), ("video", 20), ("phone", 10));
            Add(at, "appointment.booked", channel, digital, resident, _s.HealthService, m.HealthUnit, "other", mode, "source:" + source);
            var visit = at.AddDays(g._random.Next(1, 14));
            var fate = g.Pick(("completed", 84), ("no-show", 6), ("cancelled", 10));
            var visitChannel = mode == "video" ? "video" : mode;
            switch (fate)
            {
                case "completed":
                    Add(visit, "appointment.completed", visitChannel, mode == "video", resident, _s.HealthService, m.HealthUnit, "other", "completed", "source:" + source);
                    break;
                case "no-show":
                    Add(visit, "appointment.no-show", visitChannel, mode == "video", resident, _s.HealthService, m.HealthUnit, "other", detail: "source:" + source);
                    break;
                default:
                    Add(at.AddHours(g._random.Next(1, 72)), "appointment.cancelled", channel, digital, resident, _s.HealthService, m.HealthUnit, "other", "resident");
                    break;
            }
        }

        public void Message()
        {
            var at = At();
            var resident = Resident();
            var firstLine = g._random.Next(10) < 6;
            Add(at, "message.sent", "message", true, resident, _s.HealthService, null, firstLine ? "first-line" : "other", detail: "resident");
            Task(at, "message", resident, _s.HealthService, m.HealthUnit, firstLine ? "first-line" : "other", "P4");
            Add(at.AddHours(3), "message.sent", "message", true, resident, _s.HealthService, null, "other", detail: "staff");
        }

        public void Chat()
        {
            var at = At(8, 20);
            var resident = g._random.Next(10) < 4 ? Resident() : null;
            Add(at, "chat.offered", "chat", true, resident, null, null, detail: resident is null ? "anonymous" : "identified");
            Add(at.AddSeconds(30), "chat.bot_answered", "chat", true, resident, null, null, outcome: "faq");
            var fate = g.Pick(("bot", 45), ("handled", 45), ("abandoned", 10));
            if (fate == "bot")
            {
                Add(at.AddMinutes(2), "chat.ended", "chat", true, resident, null, null, outcome: "bot", handling: 120);
                return;
            }

            Add(at.AddMinutes(1), "chat.handed_over", "chat", true, resident, _s.HealthService, _s.DigitalUnit);
            var waiting = g._random.Next(30, 900);
            if (fate == "abandoned")
            {
                Add(at.AddMinutes(1).AddSeconds(waiting), "chat.abandoned", "chat", true, resident, _s.HealthService, _s.DigitalUnit, waiting: waiting);
                return;
            }

            var handling = g._random.Next(180, 1500);
            Add(at.AddMinutes(1).AddSeconds(waiting), "chat.started", "chat", true, resident, _s.HealthService, _s.DigitalUnit, waiting: waiting);
            Add(at.AddMinutes(1).AddSeconds(waiting + handling), "chat.ended", "chat", true, resident, _s.HealthService, _s.DigitalUnit,
                outcome: "handled-digitally", waiting: waiting, handling: handling);
        }

        public void Form()
        {
            var at = At();
            var resident = Resident();
            var pre = g._random.Next(10) < 6;
            var (form, service, unit) = pre ? (_s.PreInformationForm, _s.HealthService, m.HealthUnit) : (_s.OtherForm, _s.SocialService, m.SocialUnit);
            Add(at, "form.submitted", "form", true, resident, service, unit, outcome: "self", detail: form + "@1.0.0");
            Task(at, "form", resident, service, unit, "first-line", "P4");
            if (g._random.Next(10) < 8)
            {
                var handling = g._random.Next(3600, 5 * 86400);
                Add(at.AddSeconds(handling), "form.completed", "form", true, resident, service, null, "other", "handled", form + "@1.0.0", handling: handling);
            }
        }

        public void Callback()
        {
            var at = At(8, 16);
            var resident = Resident();
            Add(at, "callback.requested", "callback", true, resident, _s.HealthService, m.HealthUnit);
            Task(at, "callback", resident, _s.HealthService, m.HealthUnit, "first-line", "P3");
            Add(at.AddHours(2), "callback.completed", "callback", true, resident, _s.HealthService, m.HealthUnit, outcome: "reached");
        }

        public void FollowUp()
        {
            var at = At();
            var resident = Resident();
            Add(at, "followup.enrolled", "follow-up", true, resident, _s.HealthService, m.HealthUnit, "other");
            for (var i = 0; i < 4; i++)
            {
                Add(at.AddHours(12 * (i + 1)), "followup.measurement", "follow-up", true, resident, _s.HealthService, null, "other", outcome: "in-range");
            }

            if (g._random.Next(10) < 3)
            {
                Add(at.AddHours(60), "followup.alert", "follow-up", true, resident, _s.HealthService, m.HealthUnit, "other");
                Task(at.AddHours(60), "follow-up-alert", resident, _s.HealthService, m.HealthUnit, "other", "P3");
            }
        }

        /// <summary>Feedback after a transaction: anonymous, the score as its outcome, the stage as its detail.</summary>
        public void Feedback()
        {
            var (channel, stage) = g.Pick((("assessment", "assessment"), 35), (("appointment", "appointment"), 30), (("chat", "contact"), 20), (("message", "contact"), 10), (("form", "form"), 5));
            var score = g.Pick((10, 30), (9, 22), (8, 16), (7, 10), (6, 7), (5, 5), (4, 3), (3, 2), (2, 2), (1, 1), (0, 2));
            Add(At(), "feedback.given", channel, true, null, _s.HealthService, m.HealthUnit, outcome: score.ToString(CultureInfo.InvariantCulture), detail: stage);
        }
    }
}
