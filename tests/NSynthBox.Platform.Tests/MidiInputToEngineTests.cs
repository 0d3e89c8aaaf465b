using NSynthBox.Engine;
using NSynthBox.Midi;
using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.Mapping;
using NSynthBox.Platform.Midi;

namespace NSynthBox.Platform.Tests;

public sealed class MidiInputToEngineTests
{
    [Fact]
    public void Note_on_written_to_a_fifo_arrives_at_the_engine_as_a_control_event()
    {
        using var dir = new TempDirectory();
        var path = dir.File("midi");
        Fifo.Create(path);
        var engine = new CollectingSink();
        var hub = new ControlHub(e => engine.Post(e), Mapping.DefaultState());
        var router = new MidiRouter(new MidiPerformanceMapper(hub.State, pitchBendRange: 12), hub.SinkFor(ControlSource.Midi));
        using var input = new RawMidiInput(path, router);
        input.Start();
        Assert.True(Wait.Until(() => input.IsOpen)); // a FIFO keeps no data once its last writer closes with no reader
        using (var writer = Fifo.OpenWriter(path))
            writer.Write([0x91, 60, 127, 0xE1, 0x00, 0x60, 0xB1, 16, 127, 0xB1, 64, 127, 0x81, 60, 0]);

        var events = engine.WaitFor(e => e.Count >= 5);
        Assert.Equal(
        [
            ControlEvent.NoteOn(60, 1f, 1), ControlEvent.PitchBend(6f, 1), ControlEvent.Position2D(1f, 0.5f), ControlEvent.Sustain(true), ControlEvent.NoteOff(60, 1),
        ], events);
    }

    [Fact]
    public void Bytes_from_a_pseudo_terminal_arrive_at_the_engine_on_the_chosen_channel_only()
    {
        using var pty = PseudoTerminal.Open();
        var engine = new CollectingSink();
        var hub = new ControlHub(e => engine.Post(e), Mapping.DefaultState());
        var router = new MidiRouter(new MidiPerformanceMapper(hub.State, channel: 9), hub.SinkFor(ControlSource.Midi));
        using var input = new RawMidiInput(pty.SlavePath, router, baud: 38400);
        input.Start();
        Assert.True(Wait.Until(() => input.IsOpen));
        pty.Write([0x90, 60, 100, 0x99, 36, 100, 38, 90, 0x89, 36, 0]);

        var events = engine.WaitFor(e => e.Count >= 3);
        Assert.Equal([ControlEvent.NoteOn(36, 100 / 127f, 9), ControlEvent.NoteOn(38, 90 / 127f, 9), ControlEvent.NoteOff(36, 9)], events);
    }

    [Fact]
    public void Midi_thru_copies_input_to_the_outputs_when_switched_on()
    {
        var outputs = new MidiOutputs();
        using var dir = new TempDirectory();
        var outPath = dir.File("thru");
        Fifo.Create(outPath);
        var received = new MessageCollector();
        using var reader = new RawMidiInput(outPath, received);
        reader.Start();
        Assert.True(Wait.Until(() => reader.IsOpen));
        outputs.Add(new RawMidiOutput(outPath));
        var router = new MidiRouter(new MidiPerformanceMapper(Mapping.DefaultState()), new CollectingSink(), outputs, thruEnabled: false);

        router.OnMessage(MidiMessage.NoteOn(0, 60, 100));
        router.Thru = true;
        router.OnMessage(MidiMessage.NoteOn(0, 62, 100));
        router.OnMessage(new MidiMessage(0xF8));

        Assert.Equal([MidiMessage.NoteOn(0, 62, 100), new MidiMessage(0xF8)], received.WaitForCount(2));
        outputs.Dispose();
    }

    [Fact]
    public void Note_on_written_to_a_fifo_sounds()
    {
        using var dir = new TempDirectory();
        var midiPath = dir.File("midi");
        var wavPath = dir.File("out.wav");
        Fifo.Create(midiPath);
        using var engine = TestModel.NewEngine();
        var hub = new ControlHub(e => engine.Post(e), InstrumentState.FromSnapshot(engine.Snapshot));
        var router = new MidiRouter(new MidiPerformanceMapper(hub.State), hub.SinkFor(ControlSource.Midi));
        using var input = new RawMidiInput(midiPath, router);
        using var sink = new WavFileSink(wavPath, Options.Audio(period: 128));
        input.Start();
        engine.StartWorker(128);
        sink.Start(engine.Render);
        Assert.True(Wait.Until(() => input.IsOpen && sink.Metrics.Periods > 40)); // ~100 ms of silence first
        var noteAt = sink.Metrics.Periods * 128;
        using (var writer = Fifo.OpenWriter(midiPath)) writer.Write([0x90, 69, 110]);
        Assert.True(Wait.Until(() => sink.Metrics.Periods * 128 > noteAt + 48000 / 4));
        sink.Stop();
        engine.StopWorker();

        var audio = WavFile.Read(wavPath, out _, out _);
        var before = audio.AsSpan(0, (int)noteAt - 128).ToArray();
        var after = audio.AsSpan((int)noteAt).ToArray();
        Assert.True(before.Max(MathF.Abs) < 1e-4f, "sound before the note was written");
        Assert.True(after.Max(MathF.Abs) > 0.05f, $"the note is not heard (peak {after.Max(MathF.Abs):0.0000})");
    }
}
