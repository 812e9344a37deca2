using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Polku.Contacts.Feedback;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Region.Contracts;

namespace Polku.Contacts.Pages.Admin;

/// <summary>The coordinator sets extra feedback questions per service (scale 1–5, yes/no or a text), in three languages.</summary>
[AuditExempt("the county's survey questions; no resident data")]
internal sealed class FeedbackQuestionsModel(FeedbackService feedback, IServiceNames services, Texts texts) : PageModel
{
    public IReadOnlyList<FeedbackQuestion> Questions { get; private set; } = [];
    public IReadOnlyList<ServiceName> Services { get; private set; } = [];
    public bool Added { get; private set; }
    public string? TextFi { get; private set; }
    public string? TextSv { get; private set; }
    public string? TextEn { get; private set; }

    public string ServiceName(string code) => Services.FirstOrDefault(s => s.Code == code)?.Name.Get(Language.Current) ?? texts["contacts.feedback.admin.service_gone"];

    public async Task OnGetAsync(bool? added, CancellationToken ct)
    {
        Added = added == true;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAddAsync(string? serviceCode, string? kind, string? textFi, string? textSv, string? textEn, CancellationToken ct)
    {
        var result = await feedback.AddQuestionAsync(serviceCode, kind, textFi, textSv, textEn, ct);
        if (result.Error is { } error)
        {
            await LoadAsync(ct);
            (TextFi, TextSv, TextEn) = (textFi, textSv, textEn);
            Polku.Contacts.Messages.MessageForms.Add(ModelState, texts, error);
            return Page();
        }

        return RedirectToPage(new { added = true });
    }

    public async Task<IActionResult> OnPostRetireAsync(Guid id, CancellationToken ct)
    {
        await feedback.RetireQuestionAsync(id, ct);
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Questions = await feedback.AllQuestionsAsync(ct);
        Services = [.. (await services.AllAsync(ct)).Select(kv => new ServiceName(kv.Key, kv.Value)).OrderBy(s => s.Name.Get(Language.Current), StringComparer.CurrentCulture)];
    }
}
