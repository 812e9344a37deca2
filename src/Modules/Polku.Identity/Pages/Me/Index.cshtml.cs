using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Auth;
using Polku.Identity.Directory;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Identity.Pages.Me;

/// <summary>Omat tiedot — the resident's own data, or the ward's when a guardian acts for one.</summary>
[Authorize(Policy = PolkuRoles.ResidentPolicy)]
[Audit("identity.ownpage.read")]
public sealed class IndexModel : PageModel
{
    public sealed record WardLink(Guid Id, string Name);

    public string Name { get; private set; } = "";
    public string MaskedCode { get; private set; } = "";
    public string? Municipality { get; private set; }
    public string? Phone { get; private set; }
    public string? Email { get; private set; }
    public bool AddressProtected { get; private set; }
    public string? Address { get; private set; }
    public string? ActingForName { get; private set; }
    public IReadOnlyList<WardLink> Wards { get; private set; } = [];

    /// <summary>The modules' sections (results, forms, follow-up, feedback requests …), sections of one key merged.</summary>
    public IReadOnlyList<Polku.Identity.Contracts.OwnPageSection> Sections { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync()
    {
        var services = HttpContext.RequestServices;
        if (User.EffectiveResidentId() is not { } shownId
            || await services.GetRequiredService<IdentityViews>().PersonAsync(shownId, HttpContext.RequestAborted) is not { } person)
        {
            return NotFound();
        }

        services.GetRequiredService<AuditScope>().Touch(person.Id);
        Name = person.FullName;
        MaskedCode = Mask(person.IdentityCode);
        if (person.HomeMunicipalityCode is { } code)
        {
            var name = await services.GetRequiredService<IUnitDirectory>().MunicipalityNameAsync(code, HttpContext.RequestAborted);
            Municipality = name?.Get(Language.Current) ?? code;
        }

        Phone = person.Phone;
        Email = person.Email;
        AddressProtected = person.ProtectedAddress;
        Address = person.ProtectedAddress ? null : string.Join(", ", new[] { person.StreetAddress, $"{person.PostalCode} {person.City}".Trim() }.Where(s => !string.IsNullOrWhiteSpace(s)));
        var sections = new List<Polku.Identity.Contracts.OwnPageSection>();
        foreach (var source in services.GetServices<Polku.Identity.Contracts.IOwnPageSections>())
        {
            sections.AddRange(await source.ForAsync(person.Id, HttpContext.RequestAborted));
        }

        Sections = [.. sections.GroupBy(s => s.Key, StringComparer.Ordinal)
            .Select(g => g.First() with { Entries = [.. g.SelectMany(s => s.Entries).OrderByDescending(e => e.AtUtc)], More = g.Select(s => s.More).FirstOrDefault(m => m is not null) })
            .Where(s => s.Entries.Count > 0 || s.More is not null)
            .OrderBy(s => s.Order)];
        if (User.ActingFor() is not null)
        {
            ActingForName = person.FullName;
        }
        else if (User.PersonId() is { } self)
        {
            var wards = await services.GetRequiredService<SignInService>().ActableWardsAsync(self, HttpContext.RequestAborted);
            Wards = [.. wards.Select(w => new WardLink(w.Id, w.FullName))];
        }

        return Page();
    }

    /// <summary>Starts acting for a ward: only one's own ward under the age limit; anything else is 403.</summary>
    public async Task<IActionResult> OnPostActAsync(Guid wardId)
    {
        var services = HttpContext.RequestServices;
        if (User.PersonId() is not { } self
            || await services.GetRequiredService<SignInService>().ActableWardAsync(self, wardId, HttpContext.RequestAborted) is null
            || await services.GetRequiredService<IdentityViews>().PersonAsync(self, HttpContext.RequestAborted) is not { } guardian)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        await SignInService.SignInAsync(HttpContext, SignInService.ResidentPrincipal(guardian, Provider, wardId));
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostStopActingAsync()
    {
        if (User.PersonId() is not { } self
            || await HttpContext.RequestServices.GetRequiredService<IdentityViews>().PersonAsync(self, HttpContext.RequestAborted) is not { } person)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        await SignInService.SignInAsync(HttpContext, SignInService.ResidentPrincipal(person, Provider));
        return RedirectToPage();
    }

    /// <summary>Signs out on every device: every session of the resident ends, so no issued cookie works any more.</summary>
    public async Task<IActionResult> OnPostSignOutEverywhereAsync()
    {
        if (User.PersonId() is { } self)
        {
            await HttpContext.RequestServices.GetRequiredService<SignInService>().EndAllSessionsAsync("resident", self, HttpContext.RequestAborted);
        }

        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return LocalRedirect(RegionRoutes.Home);
    }

    private string Provider => User.FindFirst(PolkuClaims.Provider)?.Value ?? "test";

    /// <summary>Shows only the date-of-birth part: <c>131052-****</c>.</summary>
    internal static string Mask(string? code) => code is { Length: 11 } ? code[..7] + "****" : "";
}
