using NSynthBox.Engine;
using NSynthBox.Hardware;
using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Midi;

namespace NSynthBox.Platform.Tests;

public sealed class RunConfigTests
{
    private static BoxConfig Load(string json, Dictionary<string, string?>? overrides = null)
    {
        using var dir = new TempDirectory();
        var path = dir.File("config.json");
        File.WriteAllText(path, json);
        return BoxConfigReader.Load(path, overrides);
    }

    private static string Error(string json) => Assert.Throws<UserInputException>(() => Load(json)).Message;

    [Fact]
    public void Config_with_bad_sample_rate_names_the_key()
    {
        var message = Error("""{ "Audio": { "SampleRate": 44100 } }""");
        Assert.Contains("Audio:SampleRate = '44100'", message);
        Assert.Contains("multiple of the model's frame rate (200 Hz)", message);
        Assert.Contains("config.json", message);
    }

    [Theory]
    [InlineData("""{ "Audio": { "PeriodFrames": "lots" } }""", "Audio:PeriodFrames = 'lots': expected a whole number 16..8192")]
    [InlineData("""{ "Audio": { "Sink": "pulse" } }""", "Audio:Sink = 'pulse': expected one of auto, alsa, wav, null")]
    [InlineData("""{ "Midi": { "Channel": 16 } }""", "Midi:Channel = '16': expected a whole number -1..15")]
    [InlineData("""{ "Midi": { "Thru": "sometimes" } }""", "Midi:Thru = 'sometimes': expected true or false")]
    [InlineData("""{ "Midi": { "Inputs": [ "/dev/ttyAMA0@fast" ] } }""", "Midi:Inputs:0 = '/dev/ttyAMA0@fast': expected PATH or PATH@BAUD")]
    [InlineData("""{ "Midi": { "CcMap": { "attack": 17 } } }""", "Midi:CcMap: 'attack' and 'y' both use controller 17")]
    [InlineData("""{ "Panel": { "Board": "pi3" } }""", "Panel:Board = 'pi3': expected auto or one of")]
    [InlineData("""{ "Panel": { "KnobAdc": "ads1015" } }""", "Panel:KnobAdc = 'ads1015': expected one of mcp3008, ads1115, none")]
    [InlineData("""{ "Panel": { "Display": "ssd1309" } }""", "Panel:Display = 'ssd1309': expected one of ssd1306, sh1106, none")]
    [InlineData("""{ "Engine": { "Corners": [ "Flute", "Cello" ] } }""", "Engine:Corners = 'Flute,Cello': expected 4 instruments")]
    [InlineData("""{ "Web": { "Bind": "everywhere" } }""", "Web:Bind = 'everywhere': expected an IP address")]
    [InlineData("""{ "Model": { "ExecutionProvider": "tpu" } }""", "Model:ExecutionProvider = 'tpu': expected one of cpu, cuda, tensorrt")]
    public void Bad_values_name_the_key_and_what_was_expected(string json, string expected) => Assert.Contains(expected, Error(json));

    [Fact]
    public void Broken_json_names_the_file()
    {
        var message = Error("""{ "Audio": { "SampleRate": 48000, } """);
        Assert.Contains("config.json: not valid JSON", message);
    }

    [Fact]
    public void Missing_config_file_is_named()
    {
        var message = Assert.Throws<UserInputException>(() => BoxConfigReader.Load("/nonexistent/box.json")).Message;
        Assert.Contains("--config /nonexistent/box.json: not found", message);
    }

    [Fact]
    public void Defaults_play_on_a_laptop_without_hardware()
    {
        var config = BoxConfigReader.Load(null, defaultPath: "/nonexistent/config.json");
        Assert.Equal("built-in defaults", config.Source);
        Assert.Equal(SinkKind.Auto, config.Audio.Sink); // ALSA when there is a card, else the null sink
        Assert.Equal(PanelMode.Simulated, config.Panel.Mode);
        Assert.Equal(-1, config.Midi.Channel);
        Assert.True(config.Midi.Sequencer);
        Assert.False(config.Web.Enabled);
        Assert.Equal(48000, config.Audio.SampleRate);
    }

    [Fact]
    public void File_values_and_command_line_overrides_are_read()
    {
        var config = Load("""
            {
              "Audio": { "Sink": "alsa", "Device": "hw:CARD=Headphones", "PeriodFrames": 64, "Format": "s16", "RealtimePriority": 80 },
              "Midi": { "Channel": 3, "Inputs": [ "/dev/ttyAMA0@38400", { "Path": "/run/nsynthbox/midi" }, { "Path": "/dev/ttyTHS1", "Baud": 31250 } ],
                        "Outputs": [ "seq:USB MIDI", "/dev/ttyAMA0" ], "Thru": true, "Mpe": true, "AutoConnect": "all", "CcMap": { "attack": 73, "volume": null } },
              "Panel": { "Mode": "hardware", "Board": "pi4" },
              "Engine": { "Polyphony": 24, "PitchBendRange": 12, "Corners": [ "Flute", "Cello", "1", "gm:57" ] },
              "Web": { "Enabled": true, "Port": 80, "Bind": "0.0.0.0", "RequirePin": true },
              "State": { "Directory": "/var/lib/nsynthbox" }
            }
            """, new Dictionary<string, string?> { ["Audio:Device"] = "null", ["Audio:Sink"] = "wav", ["Audio:WavPath"] = "out.wav" });

        Assert.Equal(SinkKind.Wav, config.Audio.Sink);
        Assert.Equal("null", config.Audio.Device);
        Assert.Equal("out.wav", config.Audio.WavPath);
        Assert.Equal(64, config.Audio.PeriodFrames);
        Assert.Equal(SampleFormat.S16, config.Audio.Format);
        Assert.Equal(80, config.Audio.RealtimePriority);
        Assert.Equal(3, config.Midi.Channel);
        Assert.Equal([new MidiPort("/dev/ttyAMA0", 38400), new MidiPort("/run/nsynthbox/midi"), new MidiPort("/dev/ttyTHS1", 31250)], config.Midi.Inputs);
        Assert.Equal([new MidiPort("seq:USB MIDI"), new MidiPort("/dev/ttyAMA0")], config.Midi.Outputs);
        Assert.True(config.Midi.Thru);
        Assert.True(config.Midi.Mpe);
        Assert.Equal(AutoConnect.All, config.Midi.AutoConnect);
        Assert.Equal(73, config.Midi.CcMap["attack"]);
        Assert.Null(config.Midi.CcMap["volume"]);
        Assert.Equal(PanelMode.Hardware, config.Panel.Mode);
        Assert.Equal(24, config.Engine.Polyphony);
        Assert.Equal(["Flute", "Cello", "1", "gm:57"], config.Engine.Corners);
        Assert.True(config.Web.Enabled);
        Assert.True(config.Web.RequirePin);
        Assert.Equal("/var/lib/nsynthbox", config.State.Directory);
    }

    [Fact]
    public void Unknown_keys_are_logged_not_fatal()
    {
        using var dir = new TempDirectory();
        var path = dir.File("config.json");
        File.WriteAllText(path, """{ "Audio": { "Sampelrate": 96000 }, "Something": { "Else": 1 } }""");
        var logger = new ListLogger();
        BoxConfigReader.Load(path, logger: logger);
        Assert.Equal(2, logger.Lines.Count);
        Assert.Contains(logger.Lines, l => l.Contains("Audio:Sampelrate is not a setting of Audio", StringComparison.Ordinal));
        Assert.Contains(logger.Lines, l => l.Contains("Something is not a section nsynthbox reads (expected Audio, Midi, Panel, Engine, Model, Web, State); ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void The_old_installed_hardware_section_is_a_warning_naming_it()
    {
        using var dir = new TempDirectory();
        var path = dir.File("config.json");
        File.WriteAllText(path, """{ "Hardware": { "Board": "pi4" }, "State": { "Directory": "/var/lib/nsynthbox" } }""");
        var logger = new ListLogger();
        var config = BoxConfigReader.Load(path, logger: logger);
        var line = Assert.Single(logger.Lines);
        Assert.Contains("config.json: Hardware is not a section nsynthbox reads", line);
        Assert.Equal(PanelMode.Simulated, config.Panel.Mode); // what the old install silently ran with
    }

    [Theory]
    [InlineData("mcp3008", "ssd1306", KnobAdcKind.Mcp3008, DisplayKind.Ssd1306)]
    [InlineData("ads1115", "sh1106", KnobAdcKind.Ads1115, DisplayKind.Sh1106)]
    [InlineData("none", "none", KnobAdcKind.None, DisplayKind.None)]
    public void Panel_parts_are_chosen_in_the_config(string adc, string display, KnobAdcKind expectedAdc, DisplayKind expectedDisplay)
    {
        var config = Load($$"""{ "Panel": { "Mode": "hardware", "Board": "pi4", "KnobAdc": "{{adc}}", "Display": "{{display}}" } }""");
        Assert.Equal(expectedAdc, config.Panel.KnobAdc);
        Assert.Equal(expectedDisplay, config.Panel.Display);
        var panel = config.Panel.Resolve()!;
        Assert.Equal(expectedAdc, panel.KnobAdc);
        Assert.Equal(expectedDisplay, panel.Display);
    }

    [Fact]
    public void The_one_ads1115_option_reads_four_knobs_and_names_the_two_it_cannot()
    {
        var panel = Load("""{ "Panel": { "Board": "pi4", "KnobAdc": "ads1115" } }""").Panel.Resolve()!;
        Assert.Equal([0x48], panel.Ads1115Addresses);
        Assert.Equal([Knob.Position, Knob.Attack, Knob.Decay, Knob.Sustain], panel.Knobs.Select(k => k.Knob));
        Assert.Equal([Knob.Release, Knob.Volume], panel.UnreadKnobs.Select(k => k.Knob));
    }

    [Fact]
    public void Bad_corner_instrument_names_the_key()
    {
        using var dir = new TempDirectory();
        var config = BoxConfigReader.Load(null, new Dictionary<string, string?>
        {
            ["Engine:Corners:0"] = "Flute", ["Engine:Corners:1"] = "Cello", ["Engine:Corners:2"] = "Kazoo of Doom", ["Engine:Corners:3"] = "1",
            ["State:Directory"] = dir.Path, ["Model:Path"] = NSynthBox.Tests.Shared.RepoPaths.Model,
        }, defaultPath: null);
        var e = Assert.Throws<UserInputException>(() => LiveBox.Create(config, Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        Assert.Contains("Engine:Corners:2 = 'Kazoo of Doom'", e.Message);
    }
}
