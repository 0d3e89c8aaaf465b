using Microsoft.Extensions.Logging;
using NSynthBox.Engine;
using NSynthBox.Hardware;
using NSynthBox.Hardware.Tests.Fakes;
using NSynthBox.Platform.Midi;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Platform.Tests;

/// <summary>
/// The self-test's audio and MIDI steps through the configured outputs: the tone into the WAV sink
/// (as it would go to the DAC), and the loopback through a FIFO standing in for a DIN cable from
/// MIDI OUT to MIDI IN.
/// </summary>
public sealed class SelftestAudioMidiTests
{
    private sealed class Answers(bool yes) : ISelfTestGuide
    {
        public List<string> Said { get; } = [];

        public void Instruct(string step, string instruction) => Said.Add($"{step}: {instruction}");

        public void Report(SelfTestLine line) => Said.Add(line.ToString());

        public bool Ask(string question)
        {
            Said.Add(question);
            return yes;
        }
    }

    private static BoxConfig Config(TempDirectory dir, string midiIn, string midiOut) => BoxConfigReader.Load(null, new Dictionary<string, string?>
    {
        ["Audio:Sink"] = "wav", ["Audio:WavPath"] = dir.File("tone.wav"), ["Audio:RealtimePriority"] = "0", ["Audio:LockMemory"] = "false",
        ["Midi:Inputs:0"] = midiIn, ["Midi:Outputs:0"] = midiOut, ["Panel:Board"] = "pi4", ["State:Directory"] = dir.File("state"),
    }, defaultPath: null);

    /// <summary>A panel with nothing fitted: only the audio and MIDI steps have anything to do.</summary>
    private static PanelConfig NothingFitted() => PanelConfig.Default("pi4").WithKnobAdc(KnobAdcKind.None) with
    {
        Display = DisplayKind.None, TouchSensor = TouchSensorKind.None, Encoders = [],
    };

    [Fact]
    public void Tone_is_a4_at_minus_12_dbfs_through_the_configured_output_and_the_loopback_comes_back()
    {
        using var dir = new TempDirectory();
        var cable = dir.File("din-cable");
        Fifo.Create(cable);
        var box = Config(dir, cable, cable);
        var guide = new Answers(yes: true);
        using var loggers = LoggerFactory.Create(_ => { });
        var panel = NothingFitted();
        var bench = new FakeBusFactory();

        var report = SelftestCommand.Guided(box, panel, bench, SelfTest.Run(panel, bench), guide, loggers);

        Assert.True(report.Passed, report.ToString());
        Assert.Contains(report.Lines, l => l.Status == SelfTestStatus.Ok && l.Text.StartsWith("tone heard through WAV file", StringComparison.Ordinal));
        Assert.Contains(report.Lines, l => l.Text == $"MIDI loopback: 5 messages sent on {cable} came back on {cable}");
        Assert.Contains("Did you hear a 440 Hz tone?", guide.Said);

        var tone = WavFile.Read(dir.File("tone.wav"), out var rate, out _);
        var middle = tone.AsSpan(rate / 2, rate).ToArray();
        Assert.InRange(Signal.Cents(Signal.PitchHz(middle, rate, 440), 440), -5, 5);
        Assert.InRange(Signal.Db(Signal.Rms(middle) * Math.Sqrt(2)), -12.5, -11.5); // a sine's peak from its RMS
    }

    [Fact]
    public void Tone_not_heard_and_no_midi_coming_back_name_what_to_check()
    {
        using var dir = new TempDirectory();
        var midiIn = dir.File("midi-in");
        var midiOut = dir.File("midi-out"); // no cable: what goes out never reaches the input
        Fifo.Create(midiIn);
        Fifo.Create(midiOut);
        var box = Config(dir, midiIn, midiOut);
        using var loggers = LoggerFactory.Create(_ => { });
        using var drain = new RawMidiInput(midiOut, new MessageCollector());
        drain.Start();
        var nothingHeard = new Answers(yes: false);

        var tone = ToneCheck.Run(box.Audio, loggers, nothingHeard);
        var skipped = MidiLoopbackCheck.Run(box.Midi, loggers, nothingHeard);
        var timeout = MidiLoopbackCheck.Timeout;
        MidiLoopbackCheck.Timeout = TimeSpan.FromMilliseconds(300);
        try
        {
            var silent = MidiLoopbackCheck.Run(box.Midi, loggers, new Answers(yes: true));
            Assert.Equal(SelfTestStatus.Fail, silent.Status);
            Assert.StartsWith("MIDI loopback: nothing came back. MIDI OUT: J3 pin 4", silent.Text);
        }
        finally
        {
            MidiLoopbackCheck.Timeout = timeout;
        }

        Assert.Equal(SelfTestStatus.Fail, tone.Status);
        Assert.Contains("but not heard: check the DAC's VIN on +5V, GND, SCK to GND, the XSMT jumper at H", tone.Text);
        Assert.Equal(new SelfTestLine(SelfTestStatus.Warning, "MIDI loopback skipped (no cable)"), skipped);
    }
}
