using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Polku.Identity.Data;
using Polku.Platform.Persistence;
using Polku.Region.Contracts;
using Polku.Tests.TestSupport;

namespace Polku.Tests.Identity;

/// <summary>Shared steps of the staff administration tests: a fixed clock, accounts by login, units by code, a copied cookie replayed.</summary>
internal static class StaffTestSupport
{
    /// <summary>A Tuesday morning in Helsinki; nothing here depends on today's date.</summary>
    public static ManualTimeProvider Clock() => new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    public static PolkuAppFactory App(string engine) => new(engine) { Time = Clock() };

    public static async Task<StaffMember> StaffAsync(PolkuAppFactory app, string login)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PolkuDb>().Set<StaffMember>().AsNoTracking().SingleAsync(s => s.Login == login);
    }

    public static async Task<Guid> UnitAsync(PolkuAppFactory app, string code)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<IUnitDirectory>().FindByCodeAsync(code))!.Id;
    }

    public static async Task<T> WithDbAsync<T>(PolkuAppFactory app, Func<PolkuDb, Task<T>> read)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await read(scope.ServiceProvider.GetRequiredService<PolkuDb>());
    }

    public static async Task<T> WithAsync<TService, T>(PolkuAppFactory app, Func<TService, Task<T>> use)
        where TService : notnull
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>A request with nothing but the given cookie header, as a copy of a browser's cookies would send it.</summary>
    public static async Task<HttpResponseMessage> ReplayAsync(PolkuAppFactory app, string cookies, string url)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Add("Cookie", cookies);
        return await client.SendAsync(request);
    }

    public static bool SentToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Unauthorized
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/login", StringComparison.Ordinal) == true);

    public static bool Refused(HttpResponseMessage response) =>
        response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
        || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/forbidden", StringComparison.Ordinal) == true);

    public static KeyValuePair<string, string> F(string name, string value) => new(name, value);
}
