var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "Polku");
await app.RunAsync();

/// <summary>Entry point; public so the test host can start the application.</summary>
public partial class Program;
