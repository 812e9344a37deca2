using Polku.Platform.Localization;
using Polku.Region.Contracts;
using Polku.Training.Data;

namespace Polku.Training.Pages.Training;

/// <summary>How the pages name audiences, statuses and kinds: always a text in the reader's language, never a code.</summary>
internal static class TrainingNames
{
    /// <summary>An audience value as a person reads it: a unit's name, a title's or organisation's text; a value a coordinator typed as it is.</summary>
    public static string Audience(Texts texts, IReadOnlyDictionary<string, UnitInfo> units, string kind, string value) => kind switch
    {
        AudienceKinds.Unit when units.TryGetValue(value, out var unit) => unit.Name.Current,
        AudienceKinds.Title when texts.Has("training.title." + value) => texts["training.title." + value],
        AudienceKinds.Organisation when texts.Has("training.organisation." + value) => texts["training.organisation." + value],
        _ => value,
    };

    public static string Status(Texts texts, string status) => texts["training.status." + status];

    public static string MaterialKind(Texts texts, string kind) => texts["training.material." + kind];

    public static async Task<IReadOnlyDictionary<string, UnitInfo>> UnitsAsync(IUnitDirectory units, CancellationToken ct) =>
        (await units.ListAsync(ct)).ToDictionary(u => u.Code, StringComparer.Ordinal);
}
