using System.Text.RegularExpressions;

namespace NSynthBox.HardwarePlans.Tests;

/// <summary>
/// The config install.sh writes agrees with pinmap.json's boards and with the build guide, so the
/// installed box cannot drift from the wiring (the end-to-end run of it is InstalledBoxTests).
/// </summary>
public class InstalledConfigTests
{
    private readonly PinMap pm = PinMap.Load();

    [Theory]
    [InlineData("pi4|pi5", "pi4")]
    [InlineData("pi4|pi5", "pi5")]
    [InlineData("jetson", "jetson-orin-nano")]
    public void Install_sh_writes_the_uart_rate_and_audio_device_of_the_pin_map(string installCase, string board)
    {
        var line = Repo.Read("deploy-scripts", "install.sh").Split('\n').Single(l => l.TrimStart().StartsWith(installCase + ") pinmap_board=", StringComparison.Ordinal));
        string Value(string name) => Regex.Match(line, $@"\b{name}=(\S+)").Groups[1].Value;
        var entry = pm.Doc.RootElement.GetProperty("boards").GetProperty(board);

        Assert.Equal(entry.GetProperty("uart").GetString(), Value("midi_uart"));
        Assert.Equal(entry.GetProperty("uartBaud").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), Value("midi_baud"));
        Assert.Equal(entry.GetProperty("audioDevice").GetString(), Value("audio_device"));
        Assert.Equal(entry.GetProperty("periodFrames").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture), Value("period_frames"));
        Assert.Contains(entry.GetProperty("uart").GetString()!, Repo.Read("hardware", "BUILD.md"));
    }

    [Fact]
    public void The_template_is_the_hardware_profile_with_every_placeholder_filled_by_install_sh()
    {
        var template = Repo.Read("deploy-scripts", "config.template.json");
        var install = Repo.Read("deploy-scripts", "install.sh");
        foreach (Match placeholder in Regex.Matches(template, "@([A-Z_]+)@"))
        {
            Assert.Contains($"@{placeholder.Groups[1].Value}@", install);
        }

        Assert.Contains("\"Mode\": \"hardware\"", template);
        Assert.Contains("\"Thru\": true", template);
        Assert.Contains("\"KnobAdc\": \"mcp3008\"", template);   // the BOM's required ADC
        Assert.Contains("\"Display\": \"ssd1306\"", template);   // the BOM's OLED; sh1106 is the listed alternative
        Assert.DoesNotContain("\"Hardware\"", template);         // a section the runtime never read
    }
}
