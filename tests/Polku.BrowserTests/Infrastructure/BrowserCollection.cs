namespace Polku.BrowserTests.Infrastructure;

/// <summary>
/// Browser tests share one running server and one Chromium. Tests in a collection run one after
/// another, which also keeps the load reasonable on small CI machines.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<PolkuServerFixture>, ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
