using Polku.ControlTower.Kpis;

namespace Polku.ControlTower.Pages.Tower;

/// <summary>The shared filter form's model: where it submits, what it offers, and the values to show in it.</summary>
public sealed record TowerFilterForm(string Action, TowerChoices Choices, KpiFilter? Filter, string? FromText, string? ToText, string? UnitText,
    bool ShowView = true, bool ShowService = true)
{
    public string? From => Filter is { } f ? KpiQuery.Iso(f.From) : FromText;
    public string? To => Filter is { } f ? KpiQuery.Iso(f.To) : ToText;
    public string? Municipality => Filter?.Municipality;
    public string? Service => Filter?.Service;
    public string? Channel => Filter?.Channel;
    public string? Unit => Filter?.Unit?.ToString("D") ?? UnitText;
}
