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
    public void Builds_in_the_order_that_isolates_faults()
    {
        // bare computer first, carrier and its rails with nothing plugged in, modules one at a time,
        // self-test, and the box closed last
        var steps = new[]
        {
            "## 3. Flash and boot the bare computer first", "## 4. Build the carrier board",
            "## 5. Check the rails with the ribbon off", "## 9. Wire the panel and plug in the modules one at a time",
            "## 10. Run `nsynthbox selftest` and calibrate", "## 11. Troubleshooting", "## 12. Close the box",
        };
        var at = steps.Select(s => guide.IndexOf(s, StringComparison.Ordinal)).ToList();
        for (var i = 0; i < steps.Length; i++)
        {
            Assert.True(at[i] >= 0, $"BUILD.md has no heading '{steps[i]}'");
        }

        Assert.Equal(at.Order(), at);
        var flash = guide[at[0]..at[1]];
        Assert.Contains("install.sh", flash, StringComparison.Ordinal);
        Assert.Contains("/etc/nsynthbox/config.json", flash, StringComparison.Ordinal);
        var modules = guide[at[3]..at[4]];
        Assert.Contains("i2cdetect", modules, StringComparison.Ordinal);
        Assert.Contains("nsynthbox selftest", modules, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_the_parts_and_values_the_plans_use()
    {
        var sch = Schematic.Load();
        foreach (var r in new[] { "R4", "R5" })
        {
            Assert.Contains($"`{r}` **{sch.Instance(r).Value} Ohm**", guide, StringComparison.Ordinal);
        }

        foreach (var text in new[] { "carrier_layout.svg", "74AC125", "`U7`", "CA-033" })
        {
            Assert.Contains(text, guide, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("U3B", guide, StringComparison.Ordinal);
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
