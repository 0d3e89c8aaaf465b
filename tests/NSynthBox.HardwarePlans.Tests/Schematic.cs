namespace NSynthBox.HardwarePlans.Tests;

public static class Schematic
{
    private static readonly Lazy<KiCadSchematic> Cached =
        new(() => new KiCadSchematic(Repo.Read("hardware", "kicad", "nsynthbox.kicad_sch")));

    public static KiCadSchematic Load() => Cached.Value;
}
