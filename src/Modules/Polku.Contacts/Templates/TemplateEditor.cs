using Microsoft.EntityFrameworkCore;
using Polku.Contacts.Data;
using Polku.Platform.Persistence;
using Polku.Platform.Results;

namespace Polku.Contacts.Templates;

/// <summary>A unit's reply template after the form's checks, trimmed and ready to store.</summary>
internal sealed record TemplateValues(
    Guid UnitId, string Code, string TitleFi, string TitleSv, string TitleEn, string BodyFi, string BodySv, string BodyEn,
    string? InstructionUrl, string? InstructionTitle);

/// <summary>
/// Creates and edits units' reply templates, each change in one unit of work. The caller has checked the fields and
/// that the professional may edit the unit's templates. Failures: <c>contacts.messages.templates.code_taken</c>
/// (field <c>Code</c>) when the unit already has another template with the code;
/// <c>contacts.messages.templates.concurrency</c> (conflict) when someone saved the template since the form was loaded,
/// or it is gone.
/// </summary>
internal sealed class TemplateEditor(PolkuDb db, UnitOfWork unit, TimeProvider time)
{
    public const string CodeTaken = "contacts.messages.templates.code_taken";
    public const string Concurrency = "contacts.messages.templates.concurrency";

    /// <summary>The template as stored, or null.</summary>
    public Task<ReplyTemplate?> FindAsync(Guid id, CancellationToken ct) =>
        db.Set<ReplyTemplate>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);

    /// <summary>Adds a template to the unit; returns its id.</summary>
    public Task<Result<Guid>> CreateAsync(TemplateValues v, CancellationToken ct) =>
        unit.RunAsync(async c =>
        {
            if (await CodeTakenAsync(v, null, c))
            {
                return Error.Validation(CodeTaken, "Code");
            }

            var t = new ReplyTemplate
            {
                Id = Guid.CreateVersion7(time.GetUtcNow()), UnitId = v.UnitId, Code = v.Code,
                TitleFi = v.TitleFi, TitleSv = v.TitleSv, TitleEn = v.TitleEn, BodyFi = v.BodyFi, BodySv = v.BodySv, BodyEn = v.BodyEn,
                InstructionUrl = v.InstructionUrl, InstructionTitle = v.InstructionTitle,
            };
            db.Set<ReplyTemplate>().Add(t);
            return Result<Guid>.Ok(t.Id);
        }, ct);

    /// <summary>Changes the template if nobody saved it since <paramref name="seenVersion"/>; returns its id.</summary>
    public Task<Result<Guid>> UpdateAsync(Guid id, int seenVersion, TemplateValues v, CancellationToken ct) =>
        unit.RunAsync<Guid>(async c =>
        {
            if (await CodeTakenAsync(v, id, c))
            {
                return Error.Validation(CodeTaken, "Code");
            }

            var updated = await db.Set<ReplyTemplate>().Where(t => t.Id == id && t.Version == seenVersion).ExecuteUpdateAsync(s => s
                .SetProperty(t => t.UnitId, v.UnitId).SetProperty(t => t.Code, v.Code)
                .SetProperty(t => t.TitleFi, v.TitleFi).SetProperty(t => t.TitleSv, v.TitleSv).SetProperty(t => t.TitleEn, v.TitleEn)
                .SetProperty(t => t.BodyFi, v.BodyFi).SetProperty(t => t.BodySv, v.BodySv).SetProperty(t => t.BodyEn, v.BodyEn)
                .SetProperty(t => t.InstructionUrl, v.InstructionUrl).SetProperty(t => t.InstructionTitle, v.InstructionTitle)
                .SetProperty(t => t.Version, t => t.Version + 1), c);
            return updated == 0 ? Error.Conflict(Concurrency) : id;
        }, ct);

    private Task<bool> CodeTakenAsync(TemplateValues v, Guid? except, CancellationToken ct) =>
        db.Set<ReplyTemplate>().AnyAsync(t => t.UnitId == v.UnitId && t.Code == v.Code && (except == null || t.Id != except), ct);
}
