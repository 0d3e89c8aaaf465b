namespace NSynthBox.Tests.Shared;

/// <summary>Finds files of the repository from a test's output folder (works from any clean checkout).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Model => Path.Combine(Root, "models", "hpn-v1");

    /// <summary>A tiny v2 package whose decoder outputs are fixed functions of its inputs (tests/Models/synthetic-v2/make_test_model.py).</summary>
    public static string SyntheticV2Model => Path.Combine(Root, "tests", "Models", "synthetic-v2");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NSynthBox.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException($"NSynthBox.sln not found above {AppContext.BaseDirectory}");
    }
}
