using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Data;
using Polku.Contacts.Templates;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Security;
using Polku.Region.Contracts;

namespace Polku.Contacts.Pages.Desk;

public sealed class TemplateInput
{
    public int Version { get; set; }
    public Guid? UnitId { get; set; }
    public string? Code { get; set; }
    public string? TitleFi { get; set; }
    public string? TitleSv { get; set; }
    public string? TitleEn { get; set; }
    public string? BodyFi { get; set; }
    public string? BodySv { get; set; }
    public string? BodyEn { get; set; }
    public string? InstructionUrl { get; set; }
    public string? InstructionTitle { get; set; }
}

/// <summary>Create or edit a unit's reply template (a professional of the unit or a coordinator), with optimistic concurrency.</summary>
[AuditExempt("reply templates are county texts, no personal data")]
internal sealed partial class TemplatesEditModel(TemplateEditor editor, IPeopleDirectory people, IUnitDirectory units, Texts texts) : PageModel
{
    [BindProperty]
    public TemplateInput Input { get; set; } = new();

    public bool IsNew { get; private set; }
    public bool Saved { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> Units { get; private set; } = [];

    public string? Value(string key) => key switch
    {
        "Input.TitleFi" => Input.TitleFi,
        "Input.TitleSv" => Input.TitleSv,
        "Input.TitleEn" => Input.TitleEn,
        "Input.BodyFi" => Input.BodyFi,
        "Input.BodySv" => Input.BodySv,
        _ => Input.BodyEn,
    };

    public async Task<IActionResult> OnGetAsync(string id, bool saved, CancellationToken ct)
    {
        Saved = saved;
        var allowed = await AllowedUnitsAsync(ct);
        if (id == "new")
        {
            IsNew = true;
            return allowed.Count > 0 ? Page() : NotFound();
        }

        var t = await FindAsync(id, ct);
        if (t is null || !CanEdit(t, allowed))
        {
            return NotFound();
        }

        Input = new TemplateInput
        {
            Version = t.Version, UnitId = t.UnitId, Code = t.Code, TitleFi = t.TitleFi, TitleSv = t.TitleSv, TitleEn = t.TitleEn,
            BodyFi = t.BodyFi, BodySv = t.BodySv, BodyEn = t.BodyEn, InstructionUrl = t.InstructionUrl, InstructionTitle = t.InstructionTitle,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string id, CancellationToken ct)
    {
        var allowed = await AllowedUnitsAsync(ct);
        ReplyTemplate? existing = null;
        if (id == "new")
        {
            IsNew = true;
        }
        else
        {
            existing = await FindAsync(id, ct);
            if (existing is null || !CanEdit(existing, allowed))
            {
                return NotFound();
            }
        }

        if (ModelState.TryGetValue("Input.Version", out var v) && v.Errors.Count > 0)
        {
            ModelState.Remove("Input.Version");
            ModelState.AddModelError("", texts["contacts.messages.templates.concurrency"]);
        }

        if (Input.UnitId is not { } unitId || !(allowed.Contains(unitId) || existing?.UnitId == unitId))
        {
            ModelState.AddModelError("Input.UnitId", texts["contacts.messages.templates.required"]);
        }

        var code = Input.Code?.Trim() ?? "";
        if (!CodeRegex().IsMatch(code))
        {
            ModelState.AddModelError("Input.Code", texts["contacts.messages.templates.code_invalid"]);
        }

        foreach (var (key, value, max) in new[]
        {
            ("Input.TitleFi", Input.TitleFi, 200), ("Input.TitleSv", Input.TitleSv, 200), ("Input.TitleEn", Input.TitleEn, 200),
            ("Input.BodyFi", Input.BodyFi, 4000), ("Input.BodySv", Input.BodySv, 4000), ("Input.BodyEn", Input.BodyEn, 4000),
        })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                ModelState.AddModelError(key, texts["contacts.messages.templates.required"]);
            }
            else if (value.Trim().Length > max)
            {
                ModelState.AddModelError(key, texts["contacts.messages.templates.too_long"]);
            }
        }

        var url = string.IsNullOrWhiteSpace(Input.InstructionUrl) ? null : Input.InstructionUrl.Trim();
        if (!TemplateService.IsValidUrl(url))
        {
            ModelState.AddModelError("Input.InstructionUrl", texts["contacts.messages.templates.url_invalid"]);
        }

        var urlTitle = string.IsNullOrWhiteSpace(Input.InstructionTitle) ? null : Input.InstructionTitle.Trim();
        if (urlTitle is { Length: > 200 })
        {
            ModelState.AddModelError("Input.InstructionTitle", texts["contacts.messages.templates.too_long"]);
        }

        if (ModelState.ErrorCount > 0)
        {
            return Page();
        }

        // The service checks the code against the unit's other templates inside its unit of work; an edit changes the
        // template only if nobody saved it since this form was loaded (optimistic concurrency).
        var values = new TemplateValues(
            Input.UnitId!.Value, code, Input.TitleFi!.Trim(), Input.TitleSv!.Trim(), Input.TitleEn!.Trim(),
            Input.BodyFi!.Trim(), Input.BodySv!.Trim(), Input.BodyEn!.Trim(), url, urlTitle);
        var saved = existing is null
            ? await editor.CreateAsync(values, ct)
            : await editor.UpdateAsync(existing.Id, Input.Version, values, ct);
        if (saved.Error is { } error)
        {
            ModelState.AddModelError(error.Field is { } field ? "Input." + field : "", texts[error.Code]);
            return Page();
        }

        var savedId = saved.Value;
        return RedirectToPage("/Desk/TemplatesEdit", new { id = savedId, saved = "true" });
    }

    private async Task<ReplyTemplate?> FindAsync(string id, CancellationToken ct) =>
        Guid.TryParse(id, out var g) ? await editor.FindAsync(g, ct) : null;

    private bool CanEdit(ReplyTemplate t, IReadOnlyList<Guid> allowed) =>
        t.UnitId is { } u && (allowed.Contains(u) || User.IsInRole(PolkuRoles.Coordinator));

    /// <summary>The professional's units (where they may add templates), with names for the select.</summary>
    private async Task<IReadOnlyList<Guid>> AllowedUnitsAsync(CancellationToken ct)
    {
        var staff = await people.FindStaffAsync(User.PersonId()!.Value, ct);
        var ids = staff?.UnitIds ?? [];
        Units = (await units.GetAsync(ids, ct)).Select(u => (u.Id, u.Name.Current)).ToList();
        return ids;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,59}$")]
    private static partial Regex CodeRegex();
}
