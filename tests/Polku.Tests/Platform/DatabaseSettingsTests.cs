using Npgsql;
using Polku.Platform;
using Polku.Platform.Persistence;
using Xunit;

namespace Polku.Tests.Platform;

/// <summary>The Npgsql settings Polku applies unless the operator's connection string says otherwise.</summary>
public sealed class DatabaseSettingsTests
{
    [Fact]
    public void Connections_are_not_reset_on_checkout_and_repeated_statements_are_prepared()
    {
        var settings = new NpgsqlConnectionStringBuilder(PolkuPlatform.NpgsqlDefaults("Host=db;Username=polku;Database=polku"));

        Assert.True(settings.NoResetOnClose);
        Assert.Equal(64, settings.MaxAutoPrepare);
        Assert.Equal("db", settings.Host);
    }

    [Theory]
    [InlineData("Host=db;No Reset On Close=false;Max Auto Prepare=0")]
    [InlineData("Host=db;noresetonclose=false;MAXAUTOPREPARE=0")]
    public void An_explicit_setting_in_the_connection_string_wins(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(PolkuPlatform.NpgsqlDefaults(connectionString));

        Assert.False(settings.NoResetOnClose);
        Assert.Equal(0, settings.MaxAutoPrepare);
    }

    [Fact]
    public void A_context_without_the_module_catalog_says_how_to_configure_it()
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<PolkuDb>().Options;

        var error = Assert.Throws<InvalidOperationException>(() => new PolkuDb(options));
        Assert.Contains("ConfigureDatabase", error.Message, StringComparison.Ordinal);
    }
}
