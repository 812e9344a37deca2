namespace Polku.Appointments.Waitlist;

/// <summary>Waitlist settings (<c>Appointments:Waitlist</c>).</summary>
internal sealed class WaitlistOptions
{
    public const string Section = "Appointments:Waitlist";

    /// <summary>How long an offered earlier time is held for the resident to accept.</summary>
    public int OfferMinutes { get; set; } = 30;
}
