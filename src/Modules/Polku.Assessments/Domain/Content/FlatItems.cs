using Polku.Assessments.Domain.Expressions;

namespace Polku.Assessments.Domain.Content;

/// <summary>
/// The items of a definition flattened in document order (a group before its questions), each with its
/// JSON path and group, found by linkId. Flattening checks linkIds (valid and unique) and group nesting.
/// </summary>
internal sealed class FlatItems
{
    private readonly List<ItemDefinition> _items = [];
    private readonly List<string> _paths = [];
    private readonly List<int> _parents = [];
    private readonly Dictionary<string, int> _byLinkId = new(StringComparer.Ordinal);
    private readonly ContentErrors _errors;

    private FlatItems(ContentErrors errors)
    {
        _errors = errors;
    }

    public int Count => _items.Count;

    /// <summary>The items in document order.</summary>
    public IReadOnlyList<ItemDefinition> Items => _items;

    /// <summary>The JSON path of each item, e.g. <c>$.items[2].items[0]</c>.</summary>
    public IReadOnlyList<string> Paths => _paths;

    /// <summary>The index of each item's group, or -1 for a top-level item.</summary>
    public IReadOnlyList<int> Parents => _parents;

    /// <summary>The index of each linkId (its first use when duplicated).</summary>
    public IReadOnlyDictionary<string, int> ByLinkId => _byLinkId;

    /// <summary>What expressions know of each item (type, option codes and weights).</summary>
    public ItemInfo[] Infos { get; private set; } = [];

    /// <summary>Flattens the item tree, reporting invalid or duplicate linkIds and wrongly nested items.</summary>
    public static FlatItems Flatten(IReadOnlyList<ItemDefinition> items, ContentErrors errors)
    {
        var flat = new FlatItems(errors);
        flat.Add(items, "$.items", -1);
        flat.Infos = [.. flat._items.Select((item, i) => new ItemInfo(
            i,
            item.LinkId,
            item.Type,
            [.. item.Options.Select(o => o.Code)],
            [.. item.Options.Select(o => o.Weight)],
            item.Weights?.WhenTrue,
            item.Weights?.WhenFalse))];
        return flat;
    }

    private void Add(IReadOnlyList<ItemDefinition> items, string basePath, int parent)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var path = JsonFields.ElementPath(basePath, i);
            var index = _items.Count;
            if (!ContentPatterns.Id().IsMatch(item.LinkId))
            {
                _errors.Add(path + ".linkId", $"'{item.LinkId}' is not a valid linkId (lower-case letters, digits and '-')");
            }

            if (_byLinkId.TryGetValue(item.LinkId, out var first))
            {
                _errors.Add(path + ".linkId", $"duplicate linkId '{item.LinkId}' (first used at {_paths[first]})");
            }
            else
            {
                _byLinkId[item.LinkId] = index;
            }

            _items.Add(item);
            _paths.Add(path);
            _parents.Add(parent);
            if (item.Items.Count > 0)
            {
                if (item.Type != ItemType.Group)
                {
                    _errors.Add(path + ".items", $"only group items have items; '{item.LinkId}' is a {item.Type.Name()} item");
                }
                else if (parent >= 0)
                {
                    _errors.Add(path + ".items", "groups nest only one level: a group inside a group cannot have items");
                }

                Add(item.Items, path + ".items", index);
            }
            else if (item.Type == ItemType.Group)
            {
                _errors.Add(path, $"group '{item.LinkId}' has no items");
            }
        }
    }
}
