using Polku.Platform.Localization;

namespace Polku.Region.Contracts;

/// <summary>The county this installation serves (hyvinvointialue), as configured in the data.</summary>
public interface ICountyProfile
{
    ValueTask<LocalizedText> GetNameAsync(CancellationToken cancellationToken = default);
}
