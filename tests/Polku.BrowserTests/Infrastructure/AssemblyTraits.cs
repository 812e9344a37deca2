// Every test in this project drives Chromium: `dotnet test --filter "Category!=Browser"` leaves them all out and
// `--filter "Category=Browser"` selects them, as with the class-level categories of tests/Polku.Tests.
[assembly: AssemblyTrait("Category", "Browser")]
