using System.Runtime.CompilerServices;

namespace NSynthBox.Hardware.Tests;

/// <summary>The repository's files as the tests see them.</summary>
internal static class TestConfig
{
    public static string TestsDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;

    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(TestsDirectory(), "..", ".."));

    public static string PinMapPath => Path.Combine(RepositoryRoot, "hardware", "pinmap.json");

    /// <summary>The default Raspberry Pi 4 config, from hardware/pinmap.json.</summary>
    public static PanelConfig Pi4 => PanelConfig.Load(PinMapPath, "pi4");
}
