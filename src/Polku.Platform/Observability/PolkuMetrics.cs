using System.Diagnostics.Metrics;
using Polku.Platform.Outbox;

namespace Polku.Platform.Observability;

/// <summary>
/// Polku's own instruments, all on one <see cref="Meter"/> named <c>Polku</c> (names and tags in docs/operations.md).
/// Modules record through this singleton rather than their own meters, so every instrument is declared in one place
/// and an exporter needs to know only one meter name. With no listener (no exporter configured) recording is a
/// check of a flag.
/// </summary>
public sealed class PolkuMetrics
{
    public const string MeterName = "Polku";

    private readonly Counter<long> _outboxSent;
    private readonly Counter<long> _outboxFailures;
    private readonly Counter<long> _bookings;
    private readonly Counter<long> _claims;
    private readonly Counter<long> _submissions;

    public PolkuMetrics(IMeterFactory meterFactory, GaugeCache gauges)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(gauges);
        Meter = meterFactory.Create(MeterName);
        _outboxSent = Meter.CreateCounter<long>("polku.outbox.sent", "{message}", "Outbox messages delivered, by channel.");
        _outboxFailures = Meter.CreateCounter<long>("polku.outbox.delivery.failures", "{attempt}",
            "Failed delivery attempts, by channel; final=true when the message gave up and became a dead letter.");
        _bookings = Meter.CreateCounter<long>("polku.bookings", "{booking}", "Appointments booked (confirmed), by booking channel.");
        _claims = Meter.CreateCounter<long>("polku.task.claims", "{claim}", "Attempts to claim a task, by outcome: won or lost (someone else was first).");
        _submissions = Meter.CreateCounter<long>("polku.assessment.submissions", "{submission}",
            "Completed assessments stored, by assessment and whether the resident was signed in.");
        foreach (var instrument in gauges.Instruments)
        {
            var name = instrument.Name;
            Meter.CreateObservableGauge(name, () => gauges.Observe(name), instrument.Unit, instrument.Description);
        }
    }

    /// <summary>The meter (for tests that listen to it directly).</summary>
    public Meter Meter { get; }

    public void OutboxSent(OutboxChannel channel) =>
        _outboxSent.Add(1, new KeyValuePair<string, object?>("channel", ChannelTag(channel)));

    /// <param name="channel">The message's channel.</param>
    /// <param name="final">The message will not be tried again (it is now <see cref="OutboxStatus.Failed"/>).</param>
    public void OutboxDeliveryFailed(OutboxChannel channel, bool final) =>
        _outboxFailures.Add(1, new KeyValuePair<string, object?>("channel", ChannelTag(channel)), new KeyValuePair<string, object?>("final", final));

    /// <param name="channel">The booking channel: <c>self-booking</c>, <c>on-behalf</c>, <c>api</c> …</param>
    public void Booked(string channel) =>
        _bookings.Add(1, new KeyValuePair<string, object?>("channel", channel));

    /// <param name="won">This claim took the task; false when another professional had already claimed it.</param>
    public void TaskClaimed(bool won) =>
        _claims.Add(1, new KeyValuePair<string, object?>("outcome", won ? "won" : "lost"));

    /// <param name="assessmentId">The assessment's id (a content file, so the set of values is small).</param>
    /// <param name="signedIn">The resident was signed in (false: anonymous).</param>
    public void AssessmentSubmitted(string assessmentId, bool signedIn) =>
        _submissions.Add(1, new KeyValuePair<string, object?>("assessment", assessmentId), new KeyValuePair<string, object?>("signed_in", signedIn));

    public static string ChannelTag(OutboxChannel channel) => channel switch
    {
        OutboxChannel.Email => "email",
        OutboxChannel.Sms => "sms",
        _ => "webhook",
    };
}
