using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Contacts.Callbacks;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Contacts;

/// <summary>A request goes to the municipality's health-station queue, to the station serving it, or to the digital centre.</summary>
[Trait("Category", "Postgres")]
public sealed class CallbackQueueTests
{
    [Theory]
    [MemberData(nameof(PolkuAppFactory.Engines), MemberType = typeof(PolkuAppFactory))]
    public async Task Lapinjarvi_goes_to_Loviisa_and_a_municipality_without_a_queue_to_the_digital_centre(string engine)
    {
        await using var factory = new PolkuAppFactory(engine);
        var porvoo = await CallbackTestData.EnsureQueueAsync(factory, "hs-638", "hs-638");
        var loviisa = await CallbackTestData.EnsureQueueAsync(factory, "hs-434", "hs-434");
        var digi = await CallbackTestData.EnsureQueueAsync(factory, "digi", "digi");
        using var scope = factory.Services.CreateScope();
        var callbacks = scope.ServiceProvider.GetRequiredService<CallbackService>();
        Assert.Equal(porvoo, (await callbacks.QueueForAsync("638", CancellationToken.None))?.Id);
        Assert.Equal(loviisa, (await callbacks.QueueForAsync("434", CancellationToken.None))?.Id);
        Assert.Equal(loviisa, (await callbacks.QueueForAsync("407", CancellationToken.None))?.Id);
        Assert.Equal(await CallbackTestData.EnsureQueueAsync(factory, "hs-018", "hs-018"), (await callbacks.QueueForAsync("018", CancellationToken.None))?.Id);

        // A municipality whose health station has no queue goes to the digital sote-centre.
        var db = scope.ServiceProvider.GetRequiredService<Polku.Platform.Persistence.PolkuDb>();
        await db.Set<Polku.Contacts.Data.WorkQueue>().Where(q => q.Code == "hs-018").ExecuteDeleteAsync();
        Assert.Equal(digi, (await callbacks.QueueForAsync("018", CancellationToken.None))?.Id);
    }
}
