using System.Globalization;

namespace Polku.Assessments.Domain.Content;

/// <summary>
/// Checks each item's own fields (required, options, weights, bounds, unit) and the shape of its
/// enableWhen conditions: a known question that has an answer, an operator and an answer that suit its type.
/// </summary>
internal sealed class ItemChecks
{
    private const int MaxOptions = 64;

    private readonly FlatItems _items;
    private readonly ContentErrors _errors;

    private ItemChecks(FlatItems items, ContentErrors errors)
    {
        _items = items;
        _errors = errors;
    }

    /// <summary>Checks every item in document order.</summary>
    public static void Check(FlatItems items, ContentErrors errors)
    {
        var checks = new ItemChecks(items, errors);
        for (var i = 0; i < items.Count; i++)
        {
            checks.CheckItem(i);
        }
    }

    private void CheckItem(int i)
    {
        var item = _items.Items[i];
        var path = _items.Paths[i];
        var type = item.Type;
        if (item.Required && !type.IsAnswerable())
        {
            _errors.Add(path + ".required", $"a {type.Name()} item is never answered and cannot be required");
        }

        if (type.HasOptions())
        {
            if (item.Options.Count == 0)
            {
                _errors.Add(path + ".options", $"a {type.Name()} item needs options");
            }
            else if (item.Options.Count > MaxOptions)
            {
                _errors.Add(path + ".options", string.Create(CultureInfo.InvariantCulture, $"at most {MaxOptions} options are supported"));
            }

            var codes = new HashSet<string>(StringComparer.Ordinal);
            for (var o = 0; o < item.Options.Count; o++)
            {
                if (!codes.Add(item.Options[o].Code))
                {
                    _errors.Add(JsonFields.ElementPath(path + ".options", o) + ".code", $"duplicate option code '{item.Options[o].Code}'");
                }
            }
        }
        else if (item.Options.Count > 0)
        {
            _errors.Add(path + ".options", $"options are only for choice and multi-choice items, not {type.Name()}");
        }

        if (item.Weights is not null && type != ItemType.Boolean)
        {
            _errors.Add(path + ".weights", "weights are only for boolean items (options carry their own weight)");
        }

        var numeric = type is ItemType.Integer or ItemType.Decimal;
        if ((item.Min is not null || item.Max is not null) && !numeric)
        {
            _errors.Add(path + (item.Min is not null ? ".min" : ".max"), $"min and max are only for integer, decimal and date items, not {type.Name()}");
        }

        if (item.Min > item.Max || item.MinDate > item.MaxDate)
        {
            _errors.Add(path + ".min", "min is greater than max");
        }

        if (type == ItemType.Integer && (!IsWhole(item.Min) || !IsWhole(item.Max)))
        {
            _errors.Add(path + ".min", "the bounds of an integer item must be whole numbers");
        }

        if (item.Unit is not null && !numeric)
        {
            _errors.Add(path + ".unit", "a unit is only for integer and decimal items");
        }

        if (item.EnableWhen.Count > 1 && item.EnableBehavior is null)
        {
            _errors.Add(path + ".enableBehavior", "enableBehavior (all or any) is required when enableWhen has more than one condition");
        }

        for (var c = 0; c < item.EnableWhen.Count; c++)
        {
            CheckCondition(item.EnableWhen[c], JsonFields.ElementPath(path + ".enableWhen", c));
        }
    }

    private static bool IsWhole(double? x) => x is not { } v || Math.Floor(v) == v;

    private void CheckCondition(EnableWhen condition, string path)
    {
        if (!_items.ByLinkId.TryGetValue(condition.Question, out var q))
        {
            _errors.Add(path + ".question", $"unknown linkId '{condition.Question}'");
            return;
        }

        var target = _items.Items[q];
        var type = target.Type;
        if (!type.IsAnswerable())
        {
            _errors.Add(path + ".question", $"'{condition.Question}' is a {type.Name()} item and has no answer");
            return;
        }

        var op = condition.Operator;
        var answer = condition.Answer;
        if (op == EnableWhenOperator.Exists)
        {
            if (answer.Boolean is null)
            {
                _errors.Add(path + ".answer", "the answer of 'exists' must be true (answered) or false (not answered)");
            }

            return;
        }

        var ordered = op is EnableWhenOperator.Gt or EnableWhenOperator.Lt or EnableWhenOperator.GtEq or EnableWhenOperator.LtEq;
        if (ordered && type is not (ItemType.Integer or ItemType.Decimal or ItemType.Date))
        {
            _errors.Add(path + ".operator", $"operator '{op.Name()}' is not valid for the {type.Name()} question '{condition.Question}' (only exists, = and !=)");
            return;
        }

        var info = _items.Infos[q];
        switch (type)
        {
            case ItemType.Boolean when answer.Boolean is null:
                _errors.Add(path + ".answer", $"'{condition.Question}' is a boolean question: the answer must be true or false, not {answer}");
                break;
            case ItemType.Integer or ItemType.Decimal when answer.Number is null:
                _errors.Add(path + ".answer", $"'{condition.Question}' is a {type.Name()} question: the answer must be a number, not {answer}");
                break;
            case ItemType.Choice or ItemType.MultiChoice:
                if (answer.String is null)
                {
                    _errors.Add(path + ".answer", $"'{condition.Question}' is a {type.Name()} question: the answer must be an option code, not {answer}");
                }
                else if (info.OptionIndex(answer.String) < 0)
                {
                    _errors.Add(path + ".answer", $"'{answer.String}' is not an option of '{condition.Question}' (options: {string.Join(", ", info.OptionCodes)})");
                }

                break;
            case ItemType.Date when IsoDate.Parse(answer.String) is null:
                _errors.Add(path + ".answer", $"'{condition.Question}' is a date question: the answer must be an ISO date such as \"2026-06-19\", not {answer}");
                break;
            case ItemType.String or ItemType.Text when answer.String is null:
                _errors.Add(path + ".answer", $"'{condition.Question}' is a {type.Name()} question: the answer must be a string, not {answer}");
                break;
        }
    }
}
