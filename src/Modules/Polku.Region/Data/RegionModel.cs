using Microsoft.EntityFrameworkCore;

namespace Polku.Region.Data;

internal static class RegionModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<County>(e =>
        {
            e.ToTable("region_counties");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.Name);
            e.Property(x => x.NameFi).HasMaxLength(200);
            e.Property(x => x.NameSv).HasMaxLength(200);
            e.Property(x => x.NameEn).HasMaxLength(200);
        });
        b.Entity<Municipality>(e =>
        {
            e.ToTable("region_municipalities");
            e.HasKey(x => x.Code);
            e.Ignore(x => x.Name);
            e.Property(x => x.Code).HasMaxLength(3);
            e.Property(x => x.NameFi).HasMaxLength(100);
            e.Property(x => x.NameSv).HasMaxLength(100);
            e.Property(x => x.NameEn).HasMaxLength(100);
            e.Property(x => x.Languages).HasMaxLength(20);
            e.Property(x => x.RecordSystem).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<Unit>(e =>
        {
            e.ToTable("region_units");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.Name);
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).HasMaxLength(60);
            e.Property(x => x.NameFi).HasMaxLength(200);
            e.Property(x => x.NameSv).HasMaxLength(200);
            e.Property(x => x.NameEn).HasMaxLength(200);
            e.Property(x => x.Kind).HasMaxLength(30);
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.ServedMunicipalities).HasMaxLength(100);
            e.Property(x => x.Phone).HasMaxLength(40);
            e.Property(x => x.Address).HasMaxLength(300);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<Service>(e =>
        {
            e.ToTable("region_services");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.Name);
            e.Ignore(x => x.Description);
            e.HasIndex(x => x.Code).IsUnique();
            e.Property(x => x.Code).HasMaxLength(60);
            e.Property(x => x.NameFi).HasMaxLength(200);
            e.Property(x => x.NameSv).HasMaxLength(200);
            e.Property(x => x.NameEn).HasMaxLength(200);
            e.Property(x => x.DescriptionFi).HasMaxLength(2000);
            e.Property(x => x.DescriptionSv).HasMaxLength(2000);
            e.Property(x => x.DescriptionEn).HasMaxLength(2000);
            e.Property(x => x.Keywords).HasMaxLength(500);
            e.Property(x => x.Version).IsConcurrencyToken();
        });
        b.Entity<ServiceChannel>(e =>
        {
            e.ToTable("region_service_channels");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.ServiceId, x.MunicipalityCode });
            e.Property(x => x.MunicipalityCode).HasMaxLength(3);
            e.Property(x => x.Kind).HasMaxLength(30);
            e.Property(x => x.Mode).HasMaxLength(20);
            e.Property(x => x.Url).HasMaxLength(500);
            e.Property(x => x.Phone).HasMaxLength(40);
            e.Property(x => x.LabelFi).HasMaxLength(200);
            e.Property(x => x.LabelSv).HasMaxLength(200);
            e.Property(x => x.LabelEn).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasOne<Service>().WithMany().HasForeignKey(x => x.ServiceId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Municipality>().WithMany().HasForeignKey(x => x.MunicipalityCode).OnDelete(DeleteBehavior.Restrict);
            e.HasOne<Unit>().WithMany().HasForeignKey(x => x.UnitId).OnDelete(DeleteBehavior.Restrict);
        });
        b.Entity<OpeningPeriodRow>(e =>
        {
            e.ToTable("region_opening_periods");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.OwnerKind, x.OwnerId });
            e.Property(x => x.OwnerKind).HasMaxLength(20);
        });
        b.Entity<OpeningExceptionRow>(e =>
        {
            e.ToTable("region_opening_exceptions");
            e.HasKey(x => x.Id);
            e.HasIndex(x => new { x.OwnerKind, x.OwnerId, x.Date });
            e.Property(x => x.OwnerKind).HasMaxLength(20);
            e.Property(x => x.Note).HasMaxLength(200);
        });
    }
}
