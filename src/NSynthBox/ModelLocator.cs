using NSynthBox.Neural;

namespace NSynthBox;

/// <summary>Finds the model package: --model, else $NSYNTHBOX_MODEL, else the one shipped beside the program, else the repository's.</summary>
internal static class ModelLocator
{
    public const string DefaultModelName = "hpn-v2";

    public static ModelPackage Load(string? explicitDirectory)
    {
        var dir = explicitDirectory ?? Environment.GetEnvironmentVariable("NSYNTHBOX_MODEL") ?? FindDefault();
        return ModelPackage.Load(dir);
    }

    private static string FindDefault()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "models", DefaultModelName);
        if (File.Exists(Path.Combine(beside, "manifest.json"))) return beside;
        for (var d = new DirectoryInfo(Directory.GetCurrentDirectory()); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "models", DefaultModelName);
            if (File.Exists(Path.Combine(candidate, "manifest.json"))) return candidate;
        }
        return beside; // Load() then says what is missing there
    }
}
