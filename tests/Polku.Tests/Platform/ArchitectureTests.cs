using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Polku.Platform;
using Polku.Platform.Audit;
using Polku.Platform.Localization;
using Polku.Platform.Modules;
using Polku.Platform.Persistence;
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
        foreach (var contracts in Modules.Select(m => m.Assembly.GetName().Name + ".Contracts"))
        {
            var assembly = System.Reflection.Assembly.Load(contracts);
            Assert.All(assembly.GetExportedTypes(), t => Assert.Equal(contracts, t.Namespace));
        }
    }

    [Fact]
    public void Every_table_starts_with_the_prefix_of_its_module()
    {
        // Issue 11, ADR 0010: a table belongs to the module whose assembly declares its entity type, and its name says so.
        using var scope = _app.Factory.Services.CreateScope();
        var catalog = _app.Factory.Services.GetRequiredService<ModuleCatalog>();
        var tables = TablePrefixes.ModelTables(scope.ServiceProvider.GetRequiredService<PolkuDb>(), catalog);

        Assert.Equal(TablePrefixes.ByModule.Keys.Order(StringComparer.Ordinal), tables.Select(t => t.Module).Distinct().Order(StringComparer.Ordinal));
        var problems = TablePrefixes.ModelProblems(tables).ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_table_prefix_rule_sees_a_table_named_freely()
    {
        // The rule above must not pass because it sees nothing: a module that maps an entity with ToTable("foo") is
        // reported, and so is one that takes another module's prefix. (The model is cached by the modules' names, so
        // each case is a module of another name.)
        foreach (var (module, table) in new[] { ("contacts", "foo"), ("identity", "region_foo") })
        {
            var catalog = new ModuleCatalog([.. Modules, new FreelyNamingModule(module, table)]);
            var options = new DbContextOptionsBuilder<PolkuDb>();
            PolkuPlatform.ConfigureDatabase(options, new DatabaseOptions { ConnectionString = "Data Source=:memory:" }, catalog);
            using var db = new PolkuDb(options.Options);

            var problem = Assert.Single(TablePrefixes.ModelProblems(TablePrefixes.ModelTables(db, catalog)));
            Assert.StartsWith(table + " (", problem, StringComparison.Ordinal);
            Assert.Contains($"must be named {module}_…", problem, StringComparison.Ordinal);
        }
    }

    /// <summary>A module (here in the test assembly, so that it owns <see cref="FreeRow"/>) naming its table freely.</summary>
    private sealed class FreelyNamingModule(string name, string table) : IPolkuModule
    {
        public string Name => name;

        public void ConfigureModel(ModelBuilder modelBuilder) => modelBuilder.Entity<FreeRow>(e =>
        {
            e.ToTable(table);
            e.HasKey(x => x.Id);
        });
    }

    private sealed class FreeRow
    {
        public Guid Id { get; set; }
    }

    [Fact]
    public void Page_models_leave_the_database_to_module_services()
    {
        // Issue 11: a page binds, validates, shows and redirects; a module service reads and, in a unit of work, changes.
        // A page model that takes PolkuDb (constructor, field, local, a service locator call, a helper that takes the
        // context) or calls a write of EF Core at all (SaveChanges, Add/Remove/Update/Attach, ExecuteUpdate/Delete,
        // raw SQL, transactions) is reported, including what its lambdas and async state machines do.
        var pages = Modules.Select(m => m.Assembly).Distinct()
            .SelectMany(a => a.GetTypes())
            .Where(t => typeof(PageModel).IsAssignableFrom(t) && !t.IsAbstract)
            .ToList();
        Assert.NotEmpty(pages);
        var violations = pages.SelectMany(DatabaseUse).ToList();
        Assert.True(violations.Count == 0, "Move these into a module service (reads) or a unit of work in one (writes):"
            + Environment.NewLine + string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_page_rule_sees_a_page_that_writes()
    {
        // The rule above must not pass because it sees nothing.
        var found = DatabaseUse(typeof(WritingPage)).ToList();
        Assert.Contains(found, v => v.Contains("constructor", StringComparison.Ordinal));
        Assert.Contains(found, v => v.Contains("SaveChangesAsync", StringComparison.Ordinal));
        Assert.Contains(found, v => v.Contains("GetRequiredService", StringComparison.Ordinal));
        Assert.Empty(DatabaseUse(typeof(ReadingPage)));
    }

    private sealed class WritingPage(PolkuDb db) : PageModel
    {
        public async Task OnPostAsync(CancellationToken ct)
        {
            db.AuditEntries.Add(new AuditEntry());
            await db.SaveChangesAsync(ct);
            await HttpContext.RequestServices.GetRequiredService<PolkuDb>().Database.ExecuteSqlRawAsync("select 1", ct);
        }
    }

    private sealed class ReadingPage(Texts texts) : PageModel
    {
        public string Title { get; private set; } = "";

        public async Task OnGetAsync(CancellationToken ct)
        {
            await Task.Delay(0, ct);
            Title = texts["error.title"];
        }
    }

    private static readonly string[] WriteMethods =
    [
        "SaveChanges", "SaveChangesAsync", "Add", "AddAsync", "AddRange", "AddRangeAsync", "Remove", "RemoveRange", "Update", "UpdateRange",
        "Attach", "AttachRange", "ExecuteUpdate", "ExecuteUpdateAsync", "ExecuteDelete", "ExecuteDeleteAsync", "ExecuteSql", "ExecuteSqlAsync",
        "ExecuteSqlRaw", "ExecuteSqlRawAsync", "ExecuteSqlInterpolated", "ExecuteSqlInterpolatedAsync", "BeginTransaction",
        "BeginTransactionAsync", "CreateExecutionStrategy",
    ];

    /// <summary>How the page model (with its nested lambdas, local functions and state machines) uses the database.</summary>
    private static IEnumerable<string> DatabaseUse(Type page)
    {
        var name = page.FullName;
        foreach (var ctor in page.GetConstructors(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            foreach (var p in ctor.GetParameters().Where(p => IsDatabase(p.ParameterType)))
            {
                yield return $"{name}: constructor takes {p.ParameterType.Name} {p.Name}";
            }
        }

        foreach (var type in WithNested(page))
        {
            const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            foreach (var f in type.GetFields(all).Where(f => IsDatabase(f.FieldType)))
            {
                yield return $"{name}: field {type.Name}.{f.Name} is {f.FieldType.Name}";
            }

            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                var body = method.GetMethodBody();
                if (body is null)
                {
                    continue;
                }

                foreach (var local in body.LocalVariables.Where(l => IsDatabase(l.LocalType)))
                {
                    yield return $"{name}: {type.Name}.{method.Name} has a local {local.LocalType.Name}";
                }

                foreach (var member in ReferencedMembers(method, body))
                {
                    if (Describe(member) is { } use)
                    {
                        yield return $"{name}: {type.Name}.{method.Name} {use}";
                    }
                }
            }
        }
    }

    private static IEnumerable<Type> WithNested(Type type) =>
        new[] { type }.Concat(type.GetNestedTypes(BindingFlags.Public | BindingFlags.NonPublic).SelectMany(WithNested));

    private static bool IsDatabase(Type type)
    {
        var t = type.IsByRef || type.IsArray ? type.GetElementType()! : type;
        return typeof(DbContext).IsAssignableFrom(t) || t == typeof(DatabaseFacade);
    }

    private static string? Describe(MemberInfo member)
    {
        switch (member)
        {
            case MethodBase m:
                if (m.DeclaringType is { } declaring && IsDatabase(declaring))
                {
                    return $"calls {declaring.Name}.{m.Name}";
                }

                if (m.IsGenericMethod && m.GetGenericArguments().FirstOrDefault(IsDatabase) is { } argument)
                {
                    return $"calls {m.Name}<{argument.Name}>";
                }

                if (m.GetParameters().FirstOrDefault(p => IsDatabase(p.ParameterType)) is { } parameter)
                {
                    return $"passes a {parameter.ParameterType.Name} to {m.DeclaringType?.Name}.{m.Name}";
                }

                if (m is MethodInfo { ReturnType: var returns } && IsDatabase(returns))
                {
                    return $"gets a {returns.Name} from {m.DeclaringType?.Name}.{m.Name}";
                }

                var ef = m.DeclaringType?.Assembly.GetName().Name?.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) == true;
                return ef && WriteMethods.Contains(m.Name) ? $"writes through {m.DeclaringType!.Name}.{m.Name}" : null;
            case FieldInfo f when IsDatabase(f.FieldType):
                return $"uses the field {f.Name} ({f.FieldType.Name})";
            case Type t when IsDatabase(t):
                return $"refers to {t.Name}";
            default:
                return null;
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>The methods, fields and types the method's IL refers to.</summary>
    private static List<MemberInfo> ReferencedMembers(MethodBase method, System.Reflection.MethodBody body)
    {
        var il = body.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var found = new List<MemberInfo>();
        var i = 0;
        while (i < il.Length)
        {
            var value = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    try
                    {
                        if (method.Module.ResolveMember(BitConverter.ToInt32(il, i), typeArguments, methodArguments) is { } member)
                        {
                            found.Add(member);
                        }
                    }
                    catch (ArgumentException)
                    {
                        // A token the reflection context cannot resolve (a generic signature of another context): not ours.
                    }

                    i += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + (4 * BitConverter.ToInt32(il, i));
                    break;
                default:
                    i += 4;
                    break;
            }
        }

        return found;
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

    /// <summary>
    /// The access log tells a resident in plain words who did what with their data (issue 12): every audit action an
    /// endpoint declares has its text, so the log never shows an action code such as <c>contacts.messages.read</c>.
    /// </summary>
    [Fact]
    public void Every_audit_action_has_plain_words_for_the_access_log()
    {
        var texts = _app.Factory.Services.GetRequiredService<Texts>();
        var actions = _app.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .SelectMany(e => e.Metadata.GetOrderedMetadata<AuditAttribute>())
            .Select(a => a.Action)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.True(actions.Count > 20, $"Only {actions.Count} audit actions found; the endpoint metadata was not read.");
        var missing = actions.Where(a => !texts.Has("identity.audit." + a)).ToList();
        Assert.True(missing.Count == 0, "Add identity.audit.<action> texts for: " + string.Join(", ", missing));
    }

    /// <summary>A count is told in the right grammatical number: every plural text has both forms, and the form follows the count.</summary>
    [Fact]
    public void Plural_texts_have_both_forms_and_follow_the_count()
    {
        var texts = _app.Factory.Services.GetRequiredService<Texts>();
        var keys = texts.Keys("fi").ToHashSet(StringComparer.Ordinal);
        var unpaired = keys.Where(k => k.EndsWith(".one", StringComparison.Ordinal) && !keys.Contains(k[..^4] + ".other")).ToList();
        Assert.True(unpaired.Count == 0, "Plural texts without their other form: " + string.Join(", ", unpaired));

        var ui = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("sv-FI");
            Assert.Equal("Vi svarar vanligtvis inom 1 vardag.", texts.Plural("contacts.messages.expected_reply", 1));
            Assert.Equal("Vi svarar vanligtvis inom 3 vardagar.", texts.Plural("contacts.messages.expected_reply", 3));
            System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo("fi-FI");
            Assert.Equal("1 palvelu haulla ”hammas”", texts.Plural("region.directory.results", 1, "hammas"));
            Assert.Equal("0 palvelua haulla ”hammas”", texts.Plural("region.directory.results", 0, "hammas"));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = ui;
        }
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
