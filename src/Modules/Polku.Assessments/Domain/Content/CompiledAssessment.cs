using Polku.Assessments.Domain.Expressions;

namespace Polku.Assessments.Domain.Content;

/// <summary>
/// A validated assessment ready for evaluation: items flattened in document order (a group before its
/// questions), every condition, scale and rule compiled to delegates, and the order in which enablement
/// must be decided (dependencies first). Immutable after loading and safe to share between threads.
/// </summary>
internal sealed class CompiledAssessment
{
    private readonly Dictionary<string, int> _indexByLinkId;
    private readonly Dictionary<string, int> _scaleByName;

    internal CompiledAssessment(
        AssessmentDefinition definition,
        ItemDefinition[] items,
        int[] parents,
        ItemInfo[] infos,
        Evaluator?[] enableConditions,
        int[] enableOrder,
        CompiledScale[] scales,
        CompiledRule[] rules,
        OutcomeDefinition[] outcomes,
        int defaultOutcome)
    {
        Definition = definition;
        Items = items;
        ItemArray = items;
        Parents = parents;
        Infos = infos;
        EnableConditions = enableConditions;
        EnableOrder = enableOrder;
        Scales = scales;
        Rules = rules;
        Outcomes = outcomes;
        DefaultOutcome = defaultOutcome;
        _indexByLinkId = new(StringComparer.Ordinal);
        for (var i = 0; i < items.Length; i++)
        {
            _indexByLinkId[items[i].LinkId] = i;
        }

        _scaleByName = new(StringComparer.Ordinal);
        for (var i = 0; i < scales.Length; i++)
        {
            _scaleByName[scales[i].Definition.Name] = i;
        }
    }

    public AssessmentDefinition Definition { get; }

    public string Id => Definition.Id;

    public string Version => Definition.Version;

    /// <summary>All items in document order (pre-order: a group, then its questions).</summary>
    public IReadOnlyList<ItemDefinition> Items { get; }

    /// <summary>The same items as an array, so the evaluation loop indexes without interface calls.</summary>
    internal ItemDefinition[] ItemArray { get; }

    /// <summary>Index of each item's group, or -1 for a top-level item.</summary>
    internal int[] Parents { get; }

    internal ItemInfo[] Infos { get; }

    internal Evaluator?[] EnableConditions { get; }

    /// <summary>Item indexes ordered so that every item comes after the items its enablement reads.</summary>
    internal int[] EnableOrder { get; }

    internal CompiledScale[] Scales { get; }

    /// <summary>Rules in evaluation order: red flags first, then the others, each in document order.</summary>
    internal CompiledRule[] Rules { get; }

    internal OutcomeDefinition[] Outcomes { get; }

    /// <summary>Index into <see cref="Outcomes"/>, or -1 (a form without outcomes).</summary>
    internal int DefaultOutcome { get; }

    public int ItemCount => Items.Count;

    /// <summary>The item's index, or -1 when the linkId is unknown.</summary>
    public int IndexOf(string linkId) => _indexByLinkId.TryGetValue(linkId, out var i) ? i : -1;

    /// <summary>The scale's index, or -1 when the name is unknown.</summary>
    public int ScaleIndexOf(string name) => _scaleByName.TryGetValue(name, out var i) ? i : -1;
}

/// <summary>A scale: either weights summed over items or an expression.</summary>
internal sealed record CompiledScale(ScaleDefinition Definition, bool IsFlag, Evaluator? Expression, Evaluator[] SumTerms)
{
    public string Name => Definition.Name;
}

/// <summary>A rule with its compiled condition and the answers and scales the condition reads (for the trace).</summary>
internal sealed record CompiledRule(RuleDefinition Definition, int OutcomeIndex, Evaluator When, string[] LinkIds, string[] ScaleNames);
