namespace Polku.Region.Domain;

/// <summary>Validation of a channel as a coordinator enters it; returns (field, error code) pairs.</summary>
public static class ChannelRules
{
    public const int MaxUrlLength = 500;

    public static IReadOnlyList<(string Field, string Code)> Check(string kind, string mode, string? url, string? phone, DateOnly? validFrom, DateOnly? validTo)
    {
        var errors = new List<(string, string)>();
        if (mode == "External")
        {
            if (string.IsNullOrWhiteSpace(url))
            {
                errors.Add(("Url", "error.required"));
            }
            else if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || url.Length > MaxUrlLength)
            {
                errors.Add(("Url", "error.invalid_url"));
            }
        }
        else if (url is { Length: > MaxUrlLength })
        {
            // Kept with a channel of another mode too: it must fit its column (PostgreSQL refuses a longer one).
            errors.Add(("Url", "error.too_long"));
        }

        if (kind == "Phone" && string.IsNullOrWhiteSpace(phone))
        {
            errors.Add(("Phone", "error.required"));
        }

        if (phone is { Length: > 0 } && (phone.Length > 40 || !phone.All(c => char.IsDigit(c) || c is ' ' or '+' or '-')))
        {
            errors.Add(("Phone", "region.invalid_phone"));
        }

        if (validFrom is { } f && validTo is { } t && t < f)
        {
            errors.Add(("ValidTo", "error.date_range"));
        }

        return errors;
    }
}
