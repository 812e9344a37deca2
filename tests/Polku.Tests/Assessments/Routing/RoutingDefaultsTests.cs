using System.Security.Claims;
using Polku.Assessments.Pages.Admin;
using Polku.Identity.Contracts;
using Polku.Platform.Localization;
using Polku.Platform.Audit;
using Polku.Region.Contracts;

namespace Polku.Tests.Assessments.Routing;

/// <summary>Where the routing pages start when no municipality is chosen: from the data, never a fixed code.</summary>
public class RoutingDefaultsTests
{
    private static readonly MunicipalityInfo Loviisa = new("434", new LocalizedText("Loviisa", "Lovisa", "Loviisa"));
    private static readonly MunicipalityInfo Porvoo = new("638", new LocalizedText("Porvoo", "Borgå", "Porvoo"));
    private static readonly MunicipalityInfo Askola = new("018", new LocalizedText("Askola", "Askola", "Askola"));

    private static readonly UnitInfo PorvooStation = Unit("u-porvoo", "638");
    private static readonly UnitInfo LoviisaStation = Unit("u-loviisa", "434");
    private static readonly UnitInfo OutsideCounty = Unit("a-outside", "091");
    private static readonly UnitInfo CountyWide = Unit("a-county", null);

    [Fact]
    public async Task A_professional_starts_in_the_municipality_of_their_first_unit_located_in_the_county()
    {
        // By unit code: a-county (no municipality) and a-outside (not the county's) are skipped, then u-loviisa before u-porvoo.
        var staff = Staff(PorvooStation, LoviisaStation, OutsideCounty, CountyWide);

        var code = await Default(staff, [Porvoo, Loviisa, Askola]);

        Assert.Equal("434", code);
    }

    [Fact]
    public async Task Without_a_unit_in_the_county_the_county_s_first_municipality_by_code()
    {
        Assert.Equal("018", await Default(Staff(OutsideCounty, CountyWide), [Porvoo, Loviisa, Askola]));
        Assert.Equal("018", await Default(Staff(), [Porvoo, Loviisa, Askola]));
        Assert.Equal("018", await Default(null, [Porvoo, Askola, Loviisa]));
    }

    [Fact]
    public async Task A_county_without_municipalities_has_no_default()
    {
        Assert.Null(await Default(Staff(PorvooStation), []));
    }

    private static Task<string?> Default(StaffInfo? staff, IReadOnlyList<MunicipalityInfo> municipalities)
    {
        var user = staff is null
            ? new ClaimsPrincipal(new ClaimsIdentity())
            : new ClaimsPrincipal(new ClaimsIdentity([new Claim(PolkuClaims.PersonId, staff.Id.ToString())], "test"));
        return RoutingDefaults.MunicipalityAsync(
            user, new OneStaffDirectory(staff), municipalities, [PorvooStation, LoviisaStation, OutsideCounty, CountyWide], CancellationToken.None);
    }

    private static StaffInfo Staff(params UnitInfo[] units) =>
        new(Guid.NewGuid(), "hoitaja", "Hoitaja", "Sairaanhoitaja", null, [.. units.Select(u => u.Id)], ["professional"]);

    private static UnitInfo Unit(string code, string? municipality) =>
        new(Guid.NewGuid(), code, new LocalizedText(code, code, code), UnitKinds.HealthStation, municipality, []);

    /// <summary>A directory that knows one professional; routing defaults need nothing else from it.</summary>
    private sealed class OneStaffDirectory(StaffInfo? staff) : IPeopleDirectory
    {
        public Task<StaffInfo?> FindStaffAsync(Guid staffId, CancellationToken cancellationToken = default) =>
            Task.FromResult(staff?.Id == staffId ? staff : null);

        public Task<ResidentInfo?> FindResidentAsync(Guid personId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<ResidentInfo>> GetResidentsAsync(IEnumerable<Guid> personIds, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<ResidentInfo?> FindResidentByIdentityCodeAsync(string identityCode, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<StaffInfo>> GetStaffAsync(IEnumerable<Guid> staffIds, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<StaffInfo?> FindStaffByLoginAsync(string login, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<StaffInfo>> GetStaffInUnitsAsync(IEnumerable<Guid> unitIds, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> MayActForAsync(Guid guardianId, Guid wardId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<StaffInfo>> GetStaffAdministratorsAsync(IEnumerable<Guid> unitIds, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<StaffInfo>> SearchStaffAsync(string query, int limit, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<StaffInfo>> GetStaffWithRoleAsync(string role, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<IReadOnlyList<StaffPlacement>> GetPlacementsAsync(IEnumerable<Guid> staffIds, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
