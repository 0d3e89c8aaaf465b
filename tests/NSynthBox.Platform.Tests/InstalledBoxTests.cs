using Microsoft.Extensions.Logging;
using NSynthBox.Deploy.Tests;
using NSynthBox.Engine;
using NSynthBox.Hardware.Tests.Fakes;
using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Midi;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Platform.Tests;

/// <summary>
/// What a maker gets by following BUILD.md: install.sh into a fake root for each board, then the box
/// started with the config it installed, against the chip fakes (a pseudo-terminal standing in for
/// the UART): the hardware panel, DIN MIDI in and out (with thru) on the board's UART, the DAC.
/// </summary>
public sealed class InstalledBoxTests
{
    [Theory]
    [InlineData("pi4", "pi4", "/dev/ttyAMA0", 38400, "hw:CARD=sndrpihifiberry,DEV=0")]
    [InlineData("pi5", "pi5", "/dev/ttyAMA0", 38400, "hw:CARD=sndrpihifiberry,DEV=0")]
    [InlineData("jetson", "jetson-orin-nano", "/dev/ttyTHS1", 31250, "hw:CARD=Device,DEV=0")]
    public void The_installed_config_plays_the_panel_din_midi_and_the_dac(string board, string pinMapBoard, string uart, int baud, string audioDevice)
    {
        Tool.RequireRoot();
        using var fakeRoot = board switch { "pi4" => FakeBox.Pi4(), "pi5" => FakeBox.Pi5(), _ => FakeBox.Jetson() };
        Tool.ScriptOk("install.sh", "--root", fakeRoot.Root, "--build", fakeRoot.Build("1.0.0"), "--no-start");
        var installed = fakeRoot.PathOf("/etc/nsynthbox/config.json");

        var log = new ListLogger();
        var asInstalled = BoxConfigReader.Load(installed, logger: log);
        Assert.DoesNotContain(log.Lines, l => l.Contains("ignored", StringComparison.Ordinal)); // every key is one the runtime reads
        Assert.Equal(PanelMode.Hardware, asInstalled.Panel.Mode);
        Assert.Equal(pinMapBoard, asInstalled.Panel.Board);
        Assert.Equal(new MidiPort(uart, baud), Assert.Single(asInstalled.Midi.Inputs));
        Assert.Equal(new MidiPort(uart, baud), Assert.Single(asInstalled.Midi.Outputs));
        Assert.True(asInstalled.Midi.Thru);
        Assert.Equal(SinkKind.Alsa, asInstalled.Audio.Sink);
        Assert.Equal(audioDevice, asInstalled.Audio.Device);

        // The box as the service starts it; only the device paths, the state folder and the model are this machine's.
        using var state = new TempDirectory();
        using var pty = PseudoTerminal.Open();
        var config = BoxConfigReader.Load(installed, new Dictionary<string, string?>
        {
            ["Midi:Inputs:0:Path"] = pty.SlavePath, ["Midi:Outputs:0:Path"] = pty.SlavePath, ["State:Directory"] = state.File("state"),
            ["Model:Path"] = RepoPaths.Model, ["Audio:RealtimePriority"] = "0", ["Audio:LockMemory"] = "false",
        });
        var bench = FakeBusFactory.ReferenceBuild();
        using (var box = LiveBox.Create(config, new ListLoggerFactory(log)))
        {
            box.PanelBuses = _ => bench;
            box.Start();

            var panel = box.HardwarePanel;
            Assert.NotNull(panel);
            Assert.Equal(pinMapBoard, panel.Config.Board);
            Assert.Equal("SSD1306 at 0x3C", panel.DisplayName);
            Assert.True(bench.Mpr121.SoftResets > 0, "the MPR121 was configured");

            var input = Assert.Single(box.Inputs.OfType<RawMidiInput>());
            Assert.Equal($"{pty.SlavePath} ({baud} baud)", input.Name);
            Assert.True(Wait.Until(() => input.IsOpen));
            Assert.IsType<AlsaSink>(box.Sink);
            Assert.Contains(audioDevice, box.Sink.Description);

            // A Note On on the UART is read, and thru sends it back out of the same UART.
            pty.Write([0x90, 60, 100]);
            Assert.True(Wait.Until(() => input.BytesRead >= 3));
            Assert.True(ReadUntil(pty, [0x90, 60, 100]), "the Note On came back out of the UART (MIDI thru)");
            Assert.Contains(log.Lines, l => l.Contains($"MIDI in: {pty.SlavePath} ({baud} baud)", StringComparison.Ordinal) && l.Contains("thru on", StringComparison.Ordinal) && l.Contains("panel hardware", StringComparison.Ordinal));
            box.Stop();
        }

        // selftest and calibrate read the same file the service does.
        using var loggers = LoggerFactory.Create(_ => { });
        var (selftestBox, selftestPanel) = SelftestCommand.Load(installed, null, null, loggers);
        Assert.Equal(asInstalled.Panel, selftestBox.Panel);
        Assert.Equal(asInstalled.Audio, selftestBox.Audio);
        Assert.Equal(asInstalled.Midi.Inputs, selftestBox.Midi.Inputs);
        Assert.Equal(pinMapBoard, selftestPanel.Board);
        Assert.Equal("/var/lib/nsynthbox/calibration.json", selftestBox.State.CalibrationPath);
    }

    private static bool ReadUntil(PseudoTerminal pty, byte[] wanted)
    {
        var seen = new List<byte>();
        var buffer = new byte[256];
        var end = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < end)
        {
            var n = pty.Read(buffer, 100);
            seen.AddRange(buffer.AsSpan(0, n).ToArray());
            for (var i = 0; i + wanted.Length <= seen.Count; i++)
            {
                if (seen.Skip(i).Take(wanted.Length).SequenceEqual(wanted)) return true;
            }
        }
        return false;
    }
}
