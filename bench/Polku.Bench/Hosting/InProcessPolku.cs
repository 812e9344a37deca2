using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Polku.Appointments;
using Polku.Assessments;
using Polku.Contacts;
using Polku.ControlTower;
using Polku.Identity;
using Polku.Platform;
using Polku.Region;
using Polku.ServiceManagement;

namespace Polku.Bench.Hosting;

/// <summary>
/// The app's services in the bench process, built with the same <c>AddPolku</c> call and modules as
/// <c>src/Polku.Web/Program.cs</c> but never started: no HTTP server, no hosted services (background workers), no
/// migrations. A scenario uses it to call module services directly (B7: the demo county's shape for the activity
/// generator and the control tower's rollup rebuild) on a database the child-process app has migrated and seeded.
/// </summary>
public sealed class InProcessPolku : IAsyncDisposable
{
    private readonly WebApplication app;

    private InProcessPolku(WebApplication app) => this.app = app;

    public IServiceProvider Services => app.Services;

    /// <summary>Builds the services on <paramref name="settings"/> (<c>Section:Key</c>, e.g. <c>Database:Provider</c>).</summary>
    public static InProcessPolku Build(string repositoryRoot, IReadOnlyDictionary<string, string> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = Environments.Development,
            ContentRootPath = Path.Combine(repositoryRoot, "src", "Polku.Web"),
            ApplicationName = "Polku.Web",
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.AddPolku(
            new RegionModule(),
            new IdentityModule(),
            new ContactsModule(),
            new AssessmentsModule(),
            new AppointmentsModule(),
            new ControlTowerModule(),
            new ServiceManagementModule());
        return new InProcessPolku(builder.Build());
    }

    public ValueTask DisposeAsync() => app.DisposeAsync();
}
