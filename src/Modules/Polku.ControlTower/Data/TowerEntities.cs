using Microsoft.EntityFrameworkCore;

namespace Polku.ControlTower.Data;

/// <summary>
/// One rollup row: the events of one day (<see cref="Grain"/> <c>d</c>) or one calendar month (<c>m</c>) in
/// Europe/Helsinki time with the same municipality, service, unit, type, channel, digital flag, contact kind and facet
/// (a small derived value such as a booking's source; see <c>Facets</c>). Empty strings stand for "none".
/// </summary>
internal sealed class Fact
{
    public string Grain { get; set; } = "d";
    public DateOnly Period { get; set; }
    public string MunicipalityCode { get; set; } = "";
    public string ServiceCode { get; set; } = "";
    public string UnitId { get; set; } = "";
    public string Type { get; set; } = "";
    public string Channel { get; set; } = "";
    public bool Digital { get; set; }
    public string ContactKind { get; set; } = "";
    public string Facet { get; set; } = "";
    public long Events { get; set; }
    public long WaitingSum { get; set; }
    public long WaitingN { get; set; }
    public long HandlingSum { get; set; }
    public long HandlingN { get; set; }
}

/// <summary>How far the rollups have read the journal (one row, id 1).</summary>
internal sealed class RollupState
{
    public int Id { get; set; }
    public DateTime RolledUntilUtc { get; set; }
    public DateTime? RebuiltUtc { get; set; }

    /// <summary>The last day recounted in full from the journal after it ended (heals an event committed late).</summary>
    public DateOnly? RecountedDay { get; set; }
    public long EventsRolled { get; set; }
}

/// <summary>One upload of phone and walk-in counts; <see cref="Number"/> is its version.</summary>
internal sealed class ContactImport
{
    public Guid Id { get; set; }
    public int Number { get; set; }
    public DateTime ImportedUtc { get; set; }
    public Guid? ImportedBy { get; set; }
    public string FileName { get; set; } = "";
    public int Rows { get; set; }
    public int Days { get; set; }
}

/// <summary>A count of contacts outside Polku for one day, municipality, channel (phone, walk-in) and kind.</summary>
internal sealed class ImportedContact
{
    public Guid Id { get; set; }
    public Guid ImportId { get; set; }
    public DateOnly Day { get; set; }
    public string MunicipalityCode { get; set; } = "";
    public string Channel { get; set; } = "";
    public string Kind { get; set; } = "";
    public int Count { get; set; }

    /// <summary>Whether this row belongs to the newest import of its day (a later import of the day replaces it).</summary>
    public bool Current { get; set; }
}

internal static class TowerModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Fact>(e =>
        {
            e.ToTable("tower_facts");
            e.HasKey(x => new { x.Grain, x.Period, x.MunicipalityCode, x.ServiceCode, x.UnitId, x.Type, x.Channel, x.Digital, x.ContactKind, x.Facet });
            e.Property(x => x.Grain).HasMaxLength(1);
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.ServiceCode).HasMaxLength(60);
            e.Property(x => x.UnitId).HasMaxLength(36);
            e.Property(x => x.Type).HasMaxLength(60);
            e.Property(x => x.Channel).HasMaxLength(40);
            e.Property(x => x.ContactKind).HasMaxLength(20);
            e.Property(x => x.Facet).HasMaxLength(60);
        });
        b.Entity<RollupState>(e =>
        {
            e.ToTable("tower_rollup_state");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).ValueGeneratedNever();
        });
        b.Entity<ContactImport>(e =>
        {
            e.ToTable("tower_contact_imports");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Number).IsUnique();
            e.Property(x => x.FileName).HasMaxLength(200);
        });
        b.Entity<ImportedContact>(e =>
        {
            e.ToTable("tower_imported_contacts");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.Day, x.Current });
            e.HasIndex(x => x.ImportId);
            e.HasOne<ContactImport>().WithMany().HasForeignKey(x => x.ImportId).OnDelete(DeleteBehavior.Cascade);
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.Channel).HasMaxLength(20);
            e.Property(x => x.Kind).HasMaxLength(20);
        });
    }
}
