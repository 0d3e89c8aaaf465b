namespace NSynthBox.HardwarePlans.Tests;

public sealed class OpenScadExportTests : IDisposable
{
    private static readonly string[] Stl = ["knob.stl", "encoder_cap.stl", "grid_frame.stl", "corner_post.stl"];
    private static readonly string[] Dxf =
    [
        "top_panel.dxf", "top_panel_engrave.dxf", "bottom_panel.dxf",
        "wall_front.dxf", "wall_back.dxf", "wall_left.dxf", "wall_right.dxf",
    ];

    private readonly string outDir = Path.Combine(Path.GetTempPath(), "nsynthbox-export-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(outDir))
        {
            Directory.Delete(outDir, recursive: true);
        }
    }

    [Fact]
    public void Export_script_writes_every_stl_and_dxf()
    {
        Assert.True(ToolRun.OnPath("openscad"), "openscad must be on PATH (Debian package openscad)");
        var (code, output) = ToolRun.Run("bash", [Repo.PathOf("hardware", "enclosure", "export.sh"), outDir], TimeSpan.FromMinutes(5));
        Assert.True(code == 0, "export.sh failed:\n" + output);
        foreach (var name in Stl)
        {
            var path = Path.Combine(outDir, name);
            Assert.True(File.Exists(path), $"{name} missing\n{output}");
            var text = File.ReadAllText(path);
            Assert.StartsWith("solid", text, StringComparison.Ordinal);
            Assert.Contains("facet normal", text, StringComparison.Ordinal);
            Assert.True(new FileInfo(path).Length > 1000, $"{name} is suspiciously small");
        }

        foreach (var name in Dxf)
        {
            var path = Path.Combine(outDir, name);
            Assert.True(File.Exists(path), $"{name} missing\n{output}");
            var text = File.ReadAllText(path);
            Assert.Contains("ENTITIES", text, StringComparison.Ordinal);
            Assert.Contains("EOF", text, StringComparison.Ordinal);
            Assert.True(text.Contains("LWPOLYLINE", StringComparison.Ordinal) || text.Contains("LINE", StringComparison.Ordinal), $"{name} has no geometry");
        }
    }
}
