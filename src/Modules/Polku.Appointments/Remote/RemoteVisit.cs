using Microsoft.EntityFrameworkCore;
using Polku.Appointments.Data;

namespace Polku.Appointments.Remote;

/// <summary>
/// Etävastaanoton käynti — the video side of a remote appointment once a professional has admitted the resident:
/// who admitted them and the provider's room. Written in the same transaction as the admitting status change; the
/// primary key on the appointment makes a second admission impossible even if two transactions got that far.
/// </summary>
internal sealed class RemoteVisit
{
    public Guid AppointmentId { get; set; }

    /// <summary>The professional who admitted the resident; with the resident, the only one who may open the room.</summary>
    public Guid AdmittedById { get; set; }
    public DateTime AdmittedUtc { get; set; }

    /// <summary>The video provider that holds the room (<c>development</c>, <c>http</c>).</summary>
    public string Provider { get; set; } = "";

    /// <summary>The provider's room id; null while the provider has not (yet) created the room.</summary>
    public string? ProviderRoomId { get; set; }
    public DateTime? RoomCreatedUtc { get; set; }
    public DateTime? RoomClosedUtc { get; set; }
}

internal static class RemoteModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<RemoteVisit>(e =>
        {
            e.ToTable("appointment_remote_visits");
            e.HasKey(x => x.AppointmentId);
            e.HasIndex(x => x.ProviderRoomId);
            e.Property(x => x.Provider).HasMaxLength(20);
            e.Property(x => x.ProviderRoomId).HasMaxLength(100);
        });

        // The development room page finds its appointment by the room id handed out at booking.
        b.Entity<Appointment>().HasIndex(x => x.VideoRoomId);
    }
}
