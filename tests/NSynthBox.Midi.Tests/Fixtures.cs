namespace NSynthBox.Midi.Tests;

/// <summary>Files under Fixtures/, copied next to the test assembly. The .mid files were
/// written by csvmidi (Debian package midicsv) from the .csv files; see Fixtures/regen.sh.</summary>
internal static class Fixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string[] CsvLines(string midiName) => File.ReadAllLines(Path(System.IO.Path.ChangeExtension(midiName, ".csv")));
}
