using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polku.Platform.Audit;
using Polku.Platform.Health;
using Polku.Platform.Journal;
using Polku.Platform.Live;
using Polku.Platform.Outbox;
using Polku.Platform.Localization;
using Polku.Platform.Modules;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Platform;

/// <summary>Wires the platform and the modules into the host: one call to add, one to use, one to run.</summary>
public static class PolkuPlatform
{
    public static WebApplicationBuilder AddPolku(this WebApplicationBuilder builder, params IPolkuModule[] modules)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var catalog = new ModuleCatalog(modules);
        services.AddSingleton(catalog);
        services.TryAddSingleton(TimeProvider.System);

        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<PseudonymOptions>(configuration.GetSection("Pseudonyms"));
        var dbOptions = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddDbContext<PolkuDb>((sp, options) => ConfigureDatabase(options, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));

        var assemblies = new List<Assembly> { typeof(PolkuPlatform).Assembly };
        assemblies.AddRange(modules.Select(m => m.Assembly));
        // The host's own texts (layout, error pages); by name, so it also works under the test host.
        assemblies.Add(Assembly.Load(new AssemblyName(builder.Environment.ApplicationName)));
        services.AddSingleton(sp => new Texts(assemblies.Concat(sp.GetServices<TextSource>().Select(s => s.Assembly))));
        services.AddScoped<AuditScope>();
        services.AddSingleton<Pseudonymizer>();
        services.AddScoped<ServiceJournal>();
        services.AddScoped<Migrator>();
        services.AddPolkuOutbox(configuration);
        services.AddPolkuLive(configuration);

        // Finnish and Swedish letters as themselves in HTML, not as &#xE4; entities; markup characters are still encoded.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddProblemDetails();

        // The input policy reads every form before MVC's filters run; routing has already applied the endpoint's
        // form limits, so the filter's warning that it could not apply them again is noise.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Mvc.Filters.RequestFormLimitsFilter", LogLevel.Error);
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            RequestJson.Configure(o.SerializerOptions);
        });
        services.AddOpenApi();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = ".polku.af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        var keys = Path.Combine(dbOptions.DataFolder, "keys");
        services.AddDataProtection().SetApplicationName("Polku")
            .PersistKeysToFileSystem(new DirectoryInfo(configuration["DataProtection:KeysFolder"] is { Length: > 0 } k ? k : keys));

        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = ".polku.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                o.ExpireTimeSpan = TimeSpan.FromMinutes(configuration.GetValue("Session:IdleMinutes", 30));
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/forbidden";
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
            });
        services.AddAuthorizationBuilder()
            .AddPolicy(PolkuRoles.ResidentPolicy, p => p.RequireClaim(PolkuClaims.Kind, "resident"))
            .AddPolicy(PolkuRoles.StaffPolicy, p => p.RequireClaim(PolkuClaims.Kind, "staff"))
            .AddPolicy(PolkuRoles.CoordinatorPolicy, p => p.RequireClaim(PolkuClaims.Kind, "staff").RequireClaim(PolkuClaims.Role, PolkuRoles.Coordinator));

        var mvc = services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Desk", PolkuRoles.StaffPolicy);
            o.Conventions.AuthorizeFolder("/Admin", PolkuRoles.CoordinatorPolicy);
            o.Conventions.AuthorizeFolder("/Me", PolkuRoles.ResidentPolicy);
        });
        foreach (var module in modules)
        {
            mvc.AddApplicationPart(module.Assembly);
            module.AddServices(services, configuration);
        }

        return builder;
    }

    public static void ConfigureDatabase(DbContextOptionsBuilder options, DatabaseOptions db)
    {
        var cs = db.ResolveConnectionString();
        options.ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, ModuleModelCacheKeyFactory>();
        if (db.Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(cs, o => o.EnableRetryOnFailure(3));
        }
        else
        {
            options.UseSqlite(cs, o => o.ExecutionStrategy(d => new SqliteRetryStrategy(d)));
        }
    }

    private static Task ApiAware(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api") || ctx.Request.Path.StartsWithSegments("/events"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }

        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }

    public static WebApplication UsePolku(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandlingPath = "/error",
            AllowStatusCode404Response = true,
            StatusCodeSelector = ExceptionProblems.StatusOf,
            // The caller's errors (unreadable input) are not failures of the service; unexpected ones stay logged.
            SuppressDiagnosticsCallback = c => ExceptionProblems.IsExpected(c.Exception),
        });
        app.UseWhen(ctx => !ctx.Request.Path.StartsWithSegments("/api"), b => b.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseStaticFiles();
        app.UseMiddleware<LanguageMiddleware>();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<InputPolicyMiddleware>();
        app.UseAntiforgery();
        app.UseMiddleware<AuditMiddleware>();

        app.MapOpenApi("/openapi/{documentName}.json").AuditExempt("API description, no personal data");
        app.MapHealthChecks("/health", new HealthCheckOptions()).AuditExempt("database liveness, no personal data");
        app.MapRazorPages();
        app.MapPolkuLive();
        var catalog = app.Services.GetRequiredService<ModuleCatalog>();
        foreach (var module in catalog.Modules)
        {
            module.MapEndpoints(app);
        }

        return app;
    }

    /// <summary>
    /// Runs the host. <c>migrate</c> applies pending migrations and exits (production); otherwise migrations run at
    /// start-up when configured (default: Development, or SQLite anywhere) and the demo county is seeded into an empty database.
    /// </summary>
    public static async Task<int> RunPolkuAsync(this WebApplication app, string[] args)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var migrateOnly = args.Length > 0 && args[0] == "migrate";
        var migrate = migrateOnly || (options.MigrateOnStart ?? (app.Environment.IsDevelopment() || options.Provider == DatabaseProvider.Sqlite));
        if (migrate)
        {
            await PrepareDatabaseAsync(app.Services, seed: !migrateOnly && options.SeedDemoData, app.Lifetime.ApplicationStopping);
        }

        if (migrateOnly)
        {
            app.Logger.LogInformation("Migrations applied; exiting.");
            return 0;
        }

        await app.RunAsync();
        return 0;
    }

    public static async Task PrepareDatabaseAsync(IServiceProvider services, bool seed, CancellationToken cancellationToken)
    {
        using (var scope = services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<Migrator>().MigrateAsync(cancellationToken);
        }

        if (!seed)
        {
            return;
        }

        foreach (var module in services.GetRequiredService<ModuleCatalog>().Modules)
        {
            using var scope = services.CreateScope();
            await module.SeedAsync(scope.ServiceProvider, cancellationToken);
        }
    }
}

/// <summary>Registers an extra assembly whose <c>i18n/*.json</c> texts should be loaded.</summary>
public sealed record TextSource(Assembly Assembly);
