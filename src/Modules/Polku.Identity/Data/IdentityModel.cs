using Microsoft.EntityFrameworkCore;

namespace Polku.Identity.Data;

internal static class IdentityModel
{
    public static void Configure(ModelBuilder b)
    {
        b.Entity<Person>(e =>
        {
            e.ToTable("identity_people");
            e.HasKey(x => x.Id);
            e.Ignore(x => x.FullName);
            e.HasIndex(x => x.IdentityCode).IsUnique();
            e.Property(x => x.IdentityCode).HasMaxLength(11);
            e.Property(x => x.FirstName).HasMaxLength(100);
            e.Property(x => x.LastName).HasMaxLength(100);
            e.Property(x => x.HomeMunicipalityCode).HasMaxLength(3);
            e.Property(x => x.Phone).HasMaxLength(40);
            e.Property(x => x.Email).HasMaxLength(200);
            e.Property(x => x.StreetAddress).HasMaxLength(200);
            e.Property(x => x.PostalCode).HasMaxLength(10);
            e.Property(x => x.City).HasMaxLength(100);
            e.Property(x => x.PreferredLanguage).HasMaxLength(2);
        });
        b.Entity<Guardianship>(e =>
        {
            e.ToTable("identity_guardianships");
            e.HasKey(x => new { x.GuardianId, x.WardId });
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.GuardianId).OnDelete(DeleteBehavior.Cascade);
            e.HasOne<Person>().WithMany().HasForeignKey(x => x.WardId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<StaffMember>(e =>
        {
            e.ToTable("identity_staff");
            e.HasKey(x => x.Id);
            e.HasIndex(x => x.Login).IsUnique();
            e.HasIndex(x => x.ExternalSubject).IsUnique();
            e.Property(x => x.Login).HasMaxLength(100);
            e.Property(x => x.DisplayName).HasMaxLength(200);
            e.Property(x => x.Title).HasMaxLength(100);
            e.Property(x => x.Email).HasMaxLength(200);
            e.Property(x => x.ExternalSubject).HasMaxLength(200);
            e.Property(x => x.DirectoryId).HasMaxLength(200);
            e.Property(x => x.Version).IsConcurrencyToken();
            e.HasIndex(x => x.DirectoryId).IsUnique();
        });
        b.Entity<StaffAdminScope>(e =>
        {
            e.ToTable("identity_admin_scopes");
            e.HasKey(x => new { x.StaffId, x.UnitId });
            e.HasIndex(x => x.UnitId);
            e.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<StaffChange>(e =>
        {
            e.ToTable("identity_staff_changes");
            e.HasKey(x => x.Id);
            e.Property(x => x.ByName).HasMaxLength(200);
            e.Property(x => x.Action).HasMaxLength(20);
            e.Property(x => x.Source).HasMaxLength(20);
            e.HasIndex(x => new { x.StaffId, x.AtUtc });
            e.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<StaffRole>(e =>
        {
            e.ToTable("identity_staff_roles");
            e.HasKey(x => new { x.StaffId, x.Role });
            e.Property(x => x.Role).HasMaxLength(40);
            e.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<StaffUnit>(e =>
        {
            e.ToTable("identity_staff_units");
            e.HasKey(x => new { x.StaffId, x.UnitId });
            e.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<UserSession>(e =>
        {
            e.ToTable("identity_sessions");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.Property(x => x.Kind).HasMaxLength(10);
            e.HasIndex(x => x.PersonId);
            e.HasIndex(x => x.ExpiresUtc);
        });
        b.Entity<TestIdpCode>(e =>
        {
            e.ToTable("identity_test_idp_codes");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(64);
            e.HasIndex(x => x.ExpiresUtc);
        });
        b.Entity<TestIdpKey>(e =>
        {
            e.ToTable("identity_test_idp_keys");
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasMaxLength(20);
            e.Property(x => x.KeyId).HasMaxLength(64);
        });
        b.Entity<RoleRequirement>(e =>
        {
            e.ToTable("identity_role_requirements");
            e.HasKey(x => x.Role);
            e.Property(x => x.Role).HasMaxLength(40);
            e.Property(x => x.CertificateKind).HasMaxLength(60);
            e.Property(x => x.ChangedBy).HasMaxLength(200);
        });
        b.Entity<RoleLapse>(e =>
        {
            e.ToTable("identity_role_lapses");
            e.HasKey(x => x.Id);
            e.Property(x => x.Role).HasMaxLength(40);
            e.Property(x => x.CertificateKind).HasMaxLength(60);
            e.HasIndex(x => new { x.StaffId, x.LapsedUtc });
            e.HasOne<StaffMember>().WithMany().HasForeignKey(x => x.StaffId).OnDelete(DeleteBehavior.Cascade);
        });
        b.Entity<RoleCertificateWarning>(e =>
        {
            e.ToTable("identity_certificate_warnings");
            e.HasKey(x => new { x.StaffId, x.CertificateKind, x.ExpiresUtc, x.DaysAhead });
            e.Property(x => x.CertificateKind).HasMaxLength(60);
        });
    }
}
