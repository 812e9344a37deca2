using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Modules;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Platform;

/// <summary>Rules of the codebase that a reviewer would otherwise have to remember (spec 09).</summary>
public sealed class ArchitectureTests : IClassFixture<ArchitectureTests.App>
{
    private readonly App _app;

    public ArchitectureTests(App app) => _app = app;

    public sealed class App : IAsyncLifetime
    {
        public PolkuAppFactory Factory { get; } = new();

        public Task InitializeAsync()
        {
            _ = Factory.Services;
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    private IReadOnlyList<IPolkuModule> Modules => _app.Factory.Services.GetRequiredService<ModuleCatalog>().Modules;

    [Fact]
    public void Modules_use_each_other_only_through_Contracts()
    {
        // Each module's contracts are an assembly of their own (Polku.X.Contracts): a module's project references the
        // other modules' contracts projects only, so the compiler refuses a reach into another module's internals.
        // This checks the built assemblies say the same: no module references another module's assembly.
        var moduleAssemblies = Modules.Select(m => m.Assembly.GetName().Name!).ToHashSet(StringComparer.Ordinal);
        var violations = new List<string>();
        foreach (var module in Modules)
        {
            var name = module.Assembly.GetName().Name!;
            violations.AddRange(module.Assembly.GetReferencedAssemblies()
                .Select(r => r.Name!)
                .Where(r => moduleAssemblies.Contains(r) && r != name)
                .Select(r => $"{name} references the module assembly {r}; reference {r}.Contracts instead"));
        }

        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
        // The contracts projects exist and hold only public surface of their own namespace.
        foreach (var contracts in Modules.Select(m => m.Assembly.GetName().Name + ".Contracts").Where(n => n != "Polku.Appointments.Contracts"))
        {
            var assembly = System.Reflection.Assembly.Load(contracts);
            Assert.All(assembly.GetExportedTypes(), t => Assert.Equal(contracts, t.Namespace));
        }
    }

    [Fact]
    public void Every_endpoint_declares_its_audit_action_or_an_exemption()
    {
        var endpoints = _app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);
        var undeclared = endpoints
            .Where(e => e.Metadata.GetMetadata<AuditAttribute>() is null && e.Metadata.GetMetadata<AuditExemptAttribute>() is null)
            .Select(e => $"{e.RoutePattern.RawText} ({e.DisplayName})")
            .ToList();
        Assert.True(undeclared.Count == 0, "Declare [Audit] or [AuditExempt] on: " + string.Join(", ", undeclared));
    }

    [Fact]
    public void Exemptions_give_a_reason()
    {
        var endpoints = _app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        Assert.All(endpoints.Select(e => e.Metadata.GetMetadata<AuditExemptAttribute>()).OfType<AuditExemptAttribute>(),
            a => Assert.True(a.Reason.Length >= 10, $"'{a.Reason}' is not a reason"));
    }

    [Fact]
    public void Every_text_exists_in_Finnish_Swedish_and_English()
    {
        var texts = _app.Factory.Services.GetRequiredService<Texts>();
        var fi = texts.Keys("fi").ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var language in new[] { "sv", "en" })
        {
            var other = texts.Keys(language).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(fi.Except(other).Select(k => $"{k} missing in {language}"));
            problems.AddRange(other.Except(fi).Select(k => $"{k} missing in fi"));
        }

        foreach (var language in LocalizedText.Languages)
        {
            problems.AddRange(texts.Keys(language).Where(k => string.IsNullOrWhiteSpace(texts.Get(language, k))).Select(k => $"{k} is empty in {language}"));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Pages_use_only_texts_that_exist()
    {
        // Literal keys in Razor views: T["some.key"] — a typo would show as [some.key] to a resident.
        var texts = _app.Factory.Services.GetRequiredService<Texts>();
        var root = RepositoryRoot();
        var missing = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, "src"), "*.cs*", SearchOption.AllDirectories)
                     .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal)))
        {
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(file), "T\\[\"([a-z0-9_.]*[a-z0-9_])\"|texts\\[\"([a-z0-9_.]*[a-z0-9_])\""))
            {
                var key = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
                if (!texts.Has(key))
                {
                    missing.Add($"{Path.GetRelativePath(root, file)}: {key}");
                }
            }
        }

        Assert.True(missing.Count == 0, string.Join(Environment.NewLine, missing));
    }

    internal static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Polku.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Polku.slnx not found above the test output folder.");
    }
}
