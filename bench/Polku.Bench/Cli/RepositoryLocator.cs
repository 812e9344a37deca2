namespace Polku.Bench.Cli;

/// <summary>Finds the repository root: the nearest folder upwards holding Polku.slnx.</summary>
public static class RepositoryLocator
{
    private const string Marker = "Polku.slnx";
    private const int MaxDepth = 32;

    public static string FindRoot() =>
        Search(Directory.GetCurrentDirectory())
        ?? Search(AppContext.BaseDirectory)
        ?? Directory.GetCurrentDirectory();

    private static string? Search(string start)
    {
        var directory = new DirectoryInfo(start);
        for (var depth = 0; directory is not null && depth < MaxDepth; depth++, directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, Marker)))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
