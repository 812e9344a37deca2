using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Region.Contracts;
using Polku.Training.Catalogue;
using Polku.Training.Data;

namespace Polku.Training.Pages.Training;

/// <summary>Koulutushaku — any member of staff searches programmes by organisation, unit, title, name or code.</summary>
[AuditExempt("training programmes, no resident's data")]
internal sealed class IndexModel(CatalogueQueries catalogue, IUnitDirectory unitDirectory, Texts texts) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Organisation { get; set; }
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Title { get; set; }

    public IReadOnlyList<ProgrammeSummary> Found { get; private set; } = [];
    public IReadOnlyList<(string Kind, string Value)> Values { get; private set; } = [];
    public IReadOnlyDictionary<string, UnitInfo> Units { get; private set; } = new Dictionary<string, UnitInfo>();
    public bool Searched { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Units = await TrainingNames.UnitsAsync(unitDirectory, ct);
        Values = await catalogue.AudienceValuesAsync(ct);
        foreach (var (name, value) in new[] { (nameof(Q), Q), (nameof(Organisation), Organisation), (nameof(Unit), Unit), (nameof(Title), Title) })
        {
            if (value is { Length: > ProgrammeSearch.MaxLength })
            {
                ModelState.AddModelError(name, texts["training.search_too_long"]);
            }
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        var search = new ProgrammeSearch(Q, Organisation, Unit, Title);
        Searched = !search.IsEmpty;
        Found = await catalogue.SearchAsync(search, Language.Current, ct);
        return Page();
    }

    public string Name(string kind, string value) => TrainingNames.Audience(texts, Units, kind, value);

    public IEnumerable<string> Options(string kind) => Values.Where(v => v.Kind == kind).Select(v => v.Value).OrderBy(v => Name(kind, v), StringComparer.CurrentCulture);
}
