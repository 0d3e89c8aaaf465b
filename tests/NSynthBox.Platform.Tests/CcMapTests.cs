using System.Text.RegularExpressions;
using NSynthBox.Engine;
using NSynthBox.Midi;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.Mapping;
using NSynthBox.Platform.Midi;
using NSynthBox.Tests.Shared;
using static NSynthBox.Platform.Tests.Mapping;

namespace NSynthBox.Platform.Tests;

public sealed class CcMapTests
{
    private sealed class Capture : IMidiOutput
    {
        public readonly List<MidiMessage> Sent = [];
        public string Name => "capture";
        public void Send(in MidiMessage message)
        {
            lock (Sent) Sent.Add(message);
        }
        public void Dispose()
        {
        }
    }

    [Fact]
    public void Panel_moves_go_out_as_the_documented_cc_map()
    {
        var output = new Capture();
        var hub = new ControlHub(_ => { }, DefaultState()) { MidiOut = output, PanelEncoder = new CcEncoder(channel: 0) };
        hub.Post(ControlEvent.Position2D(0.25f, 1f), ControlSource.Panel);
        hub.Post(ControlEvent.SetKnob(Knob.Attack, 0.5f), ControlSource.Panel);
        hub.Post(ControlEvent.SetCorner(2, 40), ControlSource.Panel);
        hub.Post(ControlEvent.RecallPatch(3), ControlSource.Panel);

        // 0.25 * 16383 = 4096 = MSB 32, LSB 0; 1.0 = 16383 = 127/127; 0.5 = 8192 = 64/0.
        Assert.Equal(
        [
            Cc(0, 16, 32), Cc(0, 48, 0), Cc(0, 17, 127), Cc(0, 49, 127),
            Cc(0, 21, 64), Cc(0, 53, 0),
            Cc(0, 28, 40),
            MidiMessage.ProgramChange(0, 3),
        ], output.Sent);
    }

    [Fact]
    public void Fine_moves_send_only_the_lsb_and_unchanged_axes_nothing()
    {
        var output = new Capture();
        var hub = new ControlHub(_ => { }, DefaultState()) { MidiOut = output };
        hub.Post(ControlEvent.Position2D(0.5f, 0.5f), ControlSource.Panel);
        output.Sent.Clear();
        hub.Post(ControlEvent.Position2D(0.5001f, 0.5f), ControlSource.Panel);
        Assert.Equal([Cc(0, 48, CcMap.To14Bit(0.5001f) & 127)], output.Sent);
    }

    [Fact]
    public void Midi_input_is_not_echoed_as_panel_cc()
    {
        var output = new Capture();
        var hub = new ControlHub(_ => { }, DefaultState()) { MidiOut = output };
        hub.Post(ControlEvent.Position2D(0.1f, 0.2f), ControlSource.Midi);
        Assert.Empty(output.Sent);
    }

    [Fact]
    public void Cc_map_input_drives_the_box_and_keeps_the_other_axis()
    {
        var state = DefaultState();
        var mapper = new MidiPerformanceMapper(state, instrumentCount: 112);
        var events = Map(mapper, Cc(0, 16, 32), Cc(0, 48, 0), Cc(0, 17, 127), Cc(0, 25, 0), Cc(0, 26, 120), Cc(0, 1, 127), MidiMessage.ProgramChange(0, 9));

        Assert.Equal(
        [
            ControlEvent.Position2D(32 / 127f, 0.5f),          // MSB alone spans 0..1
            ControlEvent.Position2D(4096 / 16383f, 0.5f),      // LSB refines it
            ControlEvent.Position2D(4096 / 16383f, 1f),        // Y moves, X stays
            ControlEvent.SetKnob(Knob.Volume, 0f),
            ControlEvent.SetCorner(0, 111),                    // clamped to the model's instruments
            ControlEvent.ModWheel(1f),
            ControlEvent.RecallPatch(9),
        ], events);
        Assert.Equal(1f, state.Y);
    }

    [Fact]
    public void Every_value_survives_a_trip_out_and_back_within_14_bits()
    {
        var encoder = new CcEncoder(channel: 4);
        var mapper = new MidiPerformanceMapper(DefaultState());
        var buffer = new MidiMessage[CcEncoder.MaxMessages];
        var rng = new Random(1);
        for (var i = 0; i < 200; i++)
        {
            var x = (float)rng.NextDouble();
            var y = (float)rng.NextDouble();
            var n = encoder.Encode(ControlEvent.Position2D(x, y), buffer);
            var back = Map(mapper, buffer[..n]);
            Assert.Equal(x, back[^1].X, 1f / 16383);
            Assert.Equal(y, back[^1].Y, 1f / 16383);
        }
    }

    [Fact]
    public void Configured_controllers_drive_and_report_the_controls_instead()
    {
        var map = CcAssignments.From(new Dictionary<string, int?> { ["attack"] = 73, ["x"] = 3, ["volume"] = null });
        var mapper = new MidiPerformanceMapper(DefaultState()) { Assignments = map };
        Assert.Equal([ControlEvent.SetKnob(Knob.Attack, 1f), ControlEvent.Position2D(0f, 0.5f), ControlEvent.Position2D(1f / 16383, 0.5f)],
            Map(mapper, Cc(0, 73, 127), Cc(0, 3, 0), Cc(0, 35, 1)));
        Assert.Empty(Map(mapper, Cc(0, 25, 64))); // volume unmapped; 21 (old attack) now free
        Assert.Empty(Map(mapper, Cc(0, 21, 64)));

        var encoder = new CcEncoder(0, map: map);
        var buffer = new MidiMessage[CcEncoder.MaxMessages];
        Assert.Equal(1, encoder.Encode(ControlEvent.SetKnob(Knob.Attack, 0.5f), buffer));
        Assert.Equal(Cc(0, 73, 64), buffer[0]); // 7-bit above 31
        Assert.Equal(0, encoder.Encode(ControlEvent.SetKnob(Knob.Volume, 0.5f), buffer));
    }

    [Theory]
    [InlineData("attack", 17, "'attack' and 'y' both use controller 17")]
    [InlineData("attack", 49, "controller 49 (the LSB of 17)")]
    [InlineData("volume", 64, "'volume' = 64: expected a controller")]
    [InlineData("cutoff", 30, "'cutoff': not a control")]
    public void Cc_map_config_errors_name_the_control(string control, int controller, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => CcAssignments.From(new Dictionary<string, int?> { [control] = controller }));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Docs_midi_md_lists_every_row_of_the_cc_map()
    {
        var doc = File.ReadAllText(RepoPaths.Combine("docs", "MIDI.md"));
        foreach (var entry in CcMap.Entries)
        {
            var row = new Regex($@"^\|\s*{Regex.Escape(entry.Controller)}\s*\|\s*{Regex.Escape(entry.Control)}\s*\|\s*{Regex.Escape(entry.Values)}\s*\|", RegexOptions.Multiline);
            Assert.True(row.IsMatch(doc), $"docs/MIDI.md has no row '| {entry.Controller} | {entry.Control} | {entry.Values} |'");
        }
    }

    [Fact]
    public void Bank_select_1_makes_the_corner_controllers_count_the_users_sounds()
    {
        // 112 model instruments and 200 user sounds after them.
        var mapper = new MidiPerformanceMapper(DefaultState(), instrumentCount: 312) { UserSoundsStart = 112 };

        var events = Map(mapper, Cc(0, 26, 5), Cc(0, 0, 1), Cc(0, 27, 5), Cc(0, 28, 127), Cc(1, 29, 3), Cc(0, 0, 0), Cc(0, 26, 113));

        Assert.Equal([ControlEvent.SetCorner(0, 5), ControlEvent.SetCorner(1, 117), ControlEvent.SetCorner(2, 239), ControlEvent.SetCorner(3, 3), ControlEvent.SetCorner(0, 113)], events);
    }

    [Fact]
    public void Corners_beyond_127_go_out_on_bank_1_and_come_back_to_the_same_sound()
    {
        var encoder = new CcEncoder(channel: 0) { UserSoundsStart = 112 };
        var mapper = new MidiPerformanceMapper(DefaultState(), instrumentCount: 312) { UserSoundsStart = 112 };
        var buffer = new MidiMessage[CcEncoder.MaxMessages];
        var sent = new List<MidiMessage>();
        foreach (var instrument in new[] { 7, 120, 200, 201, 40 })
        {
            var n = encoder.Encode(ControlEvent.SetCorner(0, instrument), buffer);
            sent.AddRange(buffer[..n]);
        }

        Assert.Equal([Cc(0, 26, 7), Cc(0, 26, 120), Cc(0, 0, 1), Cc(0, 26, 88), Cc(0, 26, 89), Cc(0, 0, 0), Cc(0, 26, 40)], sent);
        Assert.Equal([7, 120, 200, 201, 40], Map(mapper, [.. sent]).Select(e => (int)e.Value));
    }
}
