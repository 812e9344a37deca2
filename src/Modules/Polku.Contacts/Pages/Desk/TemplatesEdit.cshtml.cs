using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;
using Polku.Contacts.Templates;
using Polku.Identity.Contracts;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Persistence;
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
internal sealed partial class TemplatesEditModel(PolkuDb db, IPeopleDirectory people, IUnitDirectory units, Texts texts, TimeProvider time) : PageModel
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

        if (ModelState.ErrorCount == 0 && await db.Set<ReplyTemplate>().AnyAsync(t => t.UnitId == Input.UnitId && t.Code == code && (existing == null || t.Id != existing.Id), ct))
        {
            ModelState.AddModelError("Input.Code", texts["contacts.messages.templates.code_taken"]);
        }

        if (ModelState.ErrorCount > 0)
        {
            return Page();
        }

        Guid savedId;
        if (existing is null)
        {
            var t = new ReplyTemplate
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()), UnitId = Input.UnitId, Code = code,
                TitleFi = Input.TitleFi!.Trim(), TitleSv = Input.TitleSv!.Trim(), TitleEn = Input.TitleEn!.Trim(),
                BodyFi = Input.BodyFi!.Trim(), BodySv = Input.BodySv!.Trim(), BodyEn = Input.BodyEn!.Trim(),
                InstructionUrl = url, InstructionTitle = urlTitle,
            };
            db.Set<ReplyTemplate>().Add(t);
            await db.SaveChangesAsync(ct);
            savedId = t.Id;
        }
        else
        {
            // Optimistic concurrency: only if nobody saved the template since this form was loaded.
            var updated = await db.Set<ReplyTemplate>().Where(t => t.Id == existing.Id && t.Version == Input.Version).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.UnitId, Input.UnitId).SetProperty(t => t.Code, code)
                .SetProperty(t => t.TitleFi, Input.TitleFi!.Trim()).SetProperty(t => t.TitleSv, Input.TitleSv!.Trim()).SetProperty(t => t.TitleEn, Input.TitleEn!.Trim())
                .SetProperty(t => t.BodyFi, Input.BodyFi!.Trim()).SetProperty(t => t.BodySv, Input.BodySv!.Trim()).SetProperty(t => t.BodyEn, Input.BodyEn!.Trim())
                .SetProperty(t => t.InstructionUrl, url).SetProperty(t => t.InstructionTitle, urlTitle)
                .SetProperty(t => t.Version, t => t.Version + 1), ct);
            if (updated == 0)
            {
                ModelState.AddModelError("", texts["contacts.messages.templates.concurrency"]);
                return Page();
            }

            savedId = existing.Id;
        }

        return Redirect($"/desk/templates/{savedId}?saved=true");
    }

    private async Task<ReplyTemplate?> FindAsync(string id, CancellationToken ct) =>
        Guid.TryParse(id, out var g) ? await db.Set<ReplyTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == g, ct) : null;

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
