using System.Security.Claims;
using Polku.Appointments.Data;
using Polku.Platform.Security;

namespace Polku.Appointments.Booking;

/// <summary>Who acts on an appointment: the resident, their guardian, a professional or the system itself.</summary>
internal readonly record struct Actor(ActorKind Kind, Guid? Id)
{
    public static Actor System { get; } = new(ActorKind.System, null);

    public static Actor Professional(Guid staffId) => new(ActorKind.Professional, staffId);

    /// <summary>The signed-in resident (or a guardian acting for a ward: the guardian is the actor).</summary>
    public static Actor? ResidentOf(ClaimsPrincipal user) =>
        !user.IsResident() || user.PersonId() is not { } id
            ? null
            : user.ActingFor() is not null ? new Actor(ActorKind.Guardian, id) : new Actor(ActorKind.Resident, id);

    public bool IsResidentSide => Kind is ActorKind.Resident or ActorKind.Guardian;
}
