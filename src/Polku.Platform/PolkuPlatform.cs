using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polku.Platform.Audit;
using Polku.Platform.Health;
using Polku.Platform.Hosting;
using Polku.Platform.Idempotency;
using Polku.Platform.Journal;
using Polku.Platform.Live;
using Polku.Platform.Outbox;
using Polku.Platform.Localization;
using Polku.Platform.Modules;
using Polku.Platform.Observability;
using Polku.Platform.Persistence;
using Polku.Platform.Results;
using Polku.Platform.Security;
using Polku.Platform.Web;

namespace Polku.Platform;

/// <summary>Wires the platform and the modules into the host: one call to add, one to use, one to run.</summary>
public static class PolkuPlatform
{
    private const string OpenApiDocumentPattern = "/openapi/{documentName}.json";

    /// <summary>The OpenAPI document of the JSON API (the one document, <c>v1</c>, of <see cref="OpenApiDocumentPattern"/>).</summary>
    public const string OpenApiDocument = "/openapi/v1.json";

    public static WebApplicationBuilder AddPolku(this WebApplicationBuilder builder, params IPolkuModule[] modules)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        var catalog = new ModuleCatalog(modules);
        services.AddSingleton(catalog);
        services.TryAddSingleton(TimeProvider.System);

        services.Configure<DatabaseOptions>(configuration.GetSection(DatabaseOptions.Section));
        services.Configure<PseudonymOptions>(configuration.GetSection("Pseudonyms"));
        // Pooled: the options are built once and a context is reset and reused instead of constructed per request.
        services.AddDbContextPool<PolkuDb>((sp, options) =>
            ConfigureDatabase(options, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value, sp.GetRequiredService<ModuleCatalog>()));

        var assemblies = new List<Assembly> { typeof(PolkuPlatform).Assembly };
        assemblies.AddRange(modules.Select(m => m.Assembly));
        // The host's own texts (layout, error pages); by name, so it also works under the test host.
        assemblies.Add(Assembly.Load(new AssemblyName(builder.Environment.ApplicationName)));
        services.AddSingleton(sp => new Texts(assemblies.Concat(sp.GetServices<TextSource>().Select(s => s.Assembly))));
        services.AddScoped<AuditScope>();
        services.AddHttpContextAccessor();
        services.AddScoped<AuditWriter>();
        services.AddScoped<UnitOfWork>();
        services.AddSingleton<Caching.ReferenceCache>();
        services.AddHostedService<Caching.ReferenceCacheInvalidation>();
        services.AddSingleton<Pseudonymizer>();
        services.AddScoped<ServiceJournal>();
        services.AddScoped<Migrator>();
        services.AddScoped<IdempotencyStore>();
        services.AddHostedService<IdempotencyHousekeeping>();
        services.AddPolkuOutbox(configuration);
        services.AddPolkuLive(configuration);
        builder.AddPolkuObservability();

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

        // The key ring lives in the database, so any node reads the session and anti-forgery cookies and the sign-in
        // state another node protected (docs/operations.md, "Several nodes"). It is read when first needed — the
        // framework preloads it once the host runs, which is after start-up migrations — so `migrate` never needs it.
        // DataProtection:KeysFolder is an explicit opt-in for a folder instead (one node, or storage every node mounts).
        var dataProtection = services.AddDataProtection().SetApplicationName("Polku");
        if (configuration["DataProtection:KeysFolder"] is { Length: > 0 } keysFolder)
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(keysFolder));
        }
        else
        {
            dataProtection.PersistKeysToDbContext<PolkuDb>();
        }

        builder.AddPolkuSessions();
        builder.AddPolkuSite();
        services.AddPolkuForwardedHeaders(configuration);
        services.AddPolkuRateLimits(configuration);
        services.AddAuthorizationBuilder()
            .AddPolicy(PolkuRoles.ResidentPolicy, p => p.RequireClaim(PolkuClaims.Kind, "resident"))
            .AddPolicy(PolkuRoles.StaffPolicy, p => p.RequireClaim(PolkuClaims.Kind, "staff"))
            .AddPolicy(PolkuRoles.CoordinatorPolicy, p => p.RequireClaim(PolkuClaims.Kind, "staff").RequireClaim(PolkuClaims.Role, PolkuRoles.Coordinator))
            .AddPolicy(PolkuRoles.ControlTowerPolicy, p => p.RequireClaim(PolkuClaims.Kind, "staff").RequireClaim(PolkuClaims.Role, PolkuRoles.ControlTower));

        var mvc = services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/Desk", PolkuRoles.StaffPolicy);
            o.Conventions.AuthorizeFolder("/Admin", PolkuRoles.CoordinatorPolicy);
            o.Conventions.AuthorizeFolder("/Tower", PolkuRoles.ControlTowerPolicy);
            o.Conventions.AuthorizeFolder("/Me", PolkuRoles.ResidentPolicy);
        });
        foreach (var module in modules)
        {
            mvc.AddApplicationPart(module.Assembly);
            module.AddServices(services, configuration);
        }

        return builder;
    }

    /// <summary>
    /// The session cookie: HttpOnly, SameSite=Lax, Secure outside Development, and not sliding — the Identity module's
    /// server-side session (one indexed read per authenticated request) decides the idle and absolute timeouts, so the
    /// cookie only carries the claims and the session id and expires with the session's absolute limit.
    /// </summary>
    private static void AddPolkuSessions(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(PolkuSessionOptions.Section);
        services.AddOptions<PolkuSessionOptions>().Bind(section)
            .Validate(o => o.IdleMinutes > 0 && o.AbsoluteHours > 0 && o.Idle <= o.Absolute, "Session:IdleMinutes and Session:AbsoluteHours must be positive, the idle limit within the absolute one.")
            .ValidateOnStart();
        var session = section.Get<PolkuSessionOptions>() ?? new PolkuSessionOptions();
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(o =>
            {
                o.Cookie.Name = ".polku.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Lax;
                o.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
                o.ExpireTimeSpan = session.Absolute;
                o.SlidingExpiration = false;
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/forbidden";
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, StatusCodes.Status403Forbidden);
            });
    }

    /// <summary>The public address (<c>Site:PublicBaseUrl</c>), the only source of absolute URLs, and HSTS for Production.</summary>
    private static void AddPolkuSite(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SiteOptions>().Bind(builder.Configuration.GetSection(SiteOptions.Section))
            .Validate(o => PublicSite.Parse(o.PublicBaseUrl) is not null, "Site:PublicBaseUrl must be the absolute http(s) address of Polku, e.g. https://polku.example.fi.")
            .ValidateOnStart();
        services.AddSingleton<PublicSite>();
        services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = false;
        });
    }

    public static void ConfigureDatabase(DbContextOptionsBuilder options, DatabaseOptions db, ModuleCatalog catalog)
    {
        var cs = db.ResolveConnectionString();
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new ModuleCatalogExtension(catalog));
        options.ReplaceService<Microsoft.EntityFrameworkCore.Infrastructure.IModelCacheKeyFactory, ModuleModelCacheKeyFactory>();
        if (db.Provider == DatabaseProvider.Postgres)
        {
            options.UseNpgsql(NpgsqlDefaults(cs), o => o.EnableRetryOnFailure(3));
        }
        else
        {
            options.UseSqlite(cs, o => o.ExecutionStrategy(d => new SqliteRetryStrategy(d)));
        }
    }

    /// <summary>
    /// Npgsql settings for Polku's short, repeated statements, applied unless the connection string sets them:
    /// <c>No Reset On Close</c> skips the <c>DISCARD ALL</c> round trip on every pool checkout (Polku leaves no session
    /// state behind: no <c>SET</c>, temporary tables or held advisory locks; the migration lock is released in a
    /// <c>finally</c>), which also keeps prepared statements alive; <c>Max Auto Prepare</c> prepares a statement once it
    /// has run five times on a connection. After a schema change, restart the nodes (docs/operations.md).
    /// </summary>
    internal static string NpgsqlDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        bool Has(string key) => given.Keys.Cast<string>().Any(k => string.Equals(k.Replace(" ", ""), key, StringComparison.OrdinalIgnoreCase));
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Has("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!Has("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = 64;
        }

        return builder.ConnectionString;
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
        // Start-up: the EF Core model (about a second of CPU at every start: 0.9 s even published with ReadyToRun, more
        // in a Debug build, which JIT-compiles EF Core) is built on another core while the pipeline and the endpoints
        // are assembled on this one; the start-up migration then finds it built or waits for it (EF Core builds a model
        // once, under a lock). Restart of the published app 3.4 -> 3.2 s on two cores (B8). A failure here is the
        // migration's or the first request's to report, with the same exception.
        _ = Task.Run(() =>
        {
            try
            {
                using var scope = app.Services.CreateScope();
                _ = scope.ServiceProvider.GetRequiredService<PolkuDb>().Model;
            }
            catch (Exception e) when (e is InvalidOperationException or ArgumentException or IOException)
            {
                app.Logger.LogDebug(e, "Building the database model ahead of the start-up migration failed.");
            }
        });
        app.UsePolkuForwardedHeaders();
        if (app.Environment.IsProduction())
        {
            app.UseHsts();
        }

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
        app.UsePolkuRequestProtection();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseMiddleware<InputPolicyMiddleware>();
        app.UseAntiforgery();
        app.UseMiddleware<AuditMiddleware>();

        app.MapOpenApi(OpenApiDocumentPattern).AuditExempt("API description, no personal data");
        app.MapPolkuObservability();
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
    /// After authentication: no caching of anything personal, and no cookie-authenticated API change from another site.
    /// </summary>
    private static void UsePolkuRequestProtection(this WebApplication app)
    {
        app.UseMiddleware<NoStoreMiddleware>();
        app.UseMiddleware<CrossSiteRequestGuard>();
    }

    /// <summary>
    /// Runs the host. <c>migrate</c> applies pending migrations and exits (production); otherwise migrations run at
    /// start-up when configured (default: Development, or SQLite anywhere) and the demo county is seeded into an empty database.
    /// </summary>
    public static async Task<int> RunPolkuAsync(this WebApplication app, string[] args)
    {
        var options = app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var migrateOnly = args.Length > 0 && args[0] == "migrate";
        if (!migrateOnly)
        {
            ProductionSafety.ThrowIfUnsafe(app.Services);
        }

        var migrate = migrateOnly || (options.MigrateOnStart ?? (app.Environment.IsDevelopment() || options.Provider == DatabaseProvider.Sqlite));
        if (migrate)
        {
            await PrepareDatabaseAsync(app.Services, seed: !migrateOnly && options.SeedDemoData == true, app.Lifetime.ApplicationStopping);
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
