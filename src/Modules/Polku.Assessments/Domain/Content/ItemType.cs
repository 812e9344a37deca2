namespace Polku.Assessments.Domain.Content;

/// <summary>Item types of the content format (docs/assessment-content.md).</summary>
internal enum ItemType
{
    Boolean,
    Choice,
    MultiChoice,
    Integer,
    Decimal,
    Date,
    String,
    Text,
    Display,
    Group,
}

internal static class ItemTypes
{
    public static ItemType? Parse(string? name) => name switch
    {
        "boolean" => ItemType.Boolean,
        "choice" => ItemType.Choice,
        "multi-choice" => ItemType.MultiChoice,
        "integer" => ItemType.Integer,
        "decimal" => ItemType.Decimal,
        "date" => ItemType.Date,
        "string" => ItemType.String,
        "text" => ItemType.Text,
        "display" => ItemType.Display,
        "group" => ItemType.Group,
        _ => null,
    };

    public static string Name(this ItemType type) => type switch
    {
        ItemType.Boolean => "boolean",
        ItemType.Choice => "choice",
        ItemType.MultiChoice => "multi-choice",
        ItemType.Integer => "integer",
        ItemType.Decimal => "decimal",
        ItemType.Date => "date",
        ItemType.String => "string",
        ItemType.Text => "text",
        ItemType.Display => "display",
        _ => "group",
    };

    /// <summary>Display and group items are never answered.</summary>
    public static bool IsAnswerable(this ItemType type) => type is not (ItemType.Display or ItemType.Group);

    public static bool HasOptions(this ItemType type) => type is ItemType.Choice or ItemType.MultiChoice;
}
