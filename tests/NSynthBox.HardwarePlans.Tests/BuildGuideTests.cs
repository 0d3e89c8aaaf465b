using System.Text.RegularExpressions;

namespace NSynthBox.HardwarePlans.Tests;

public partial class BuildGuideTests
{
    private readonly string guide = Repo.Read("hardware", "BUILD.md");

    [Fact]
    public void Every_relative_link_and_picture_exists()
    {
        var missing = new List<string>();
        foreach (Match m in Link().Matches(guide))
        {
            var target = m.Groups[1].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith('#'))
            {
                continue;
            }

            var path = Path.GetFullPath(Path.Combine(Repo.PathOf("hardware"), target.Split('#')[0]));
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                missing.Add(target);
            }
        }

        Assert.True(missing.Count == 0, "BUILD.md links to missing files: " + string.Join(", ", missing));
    }

    [Fact]
    public void Covers_power_up_selftest_and_troubleshooting()
    {
        Assert.Contains("## 9. First power-up", guide, StringComparison.Ordinal);
        Assert.Contains("nsynthbox selftest", guide, StringComparison.Ordinal);
        Assert.Contains("## 11. Troubleshooting", guide, StringComparison.Ordinal);
    }

    [Fact]
    public void Committed_exports_are_present_for_makers_without_openscad()
    {
        foreach (var name in new[] { "top_panel.dxf", "bottom_panel.dxf", "knob.stl", "encoder_cap.stl", "grid_frame.stl", "corner_post.stl" })
        {
            Assert.True(new FileInfo(Repo.PathOf("hardware", "enclosure", "export", name)) is { Exists: true, Length: > 0 }, name);
        }
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();
}
