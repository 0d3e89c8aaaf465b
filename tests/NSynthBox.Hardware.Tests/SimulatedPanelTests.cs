using NSynthBox.Engine;

namespace NSynthBox.Hardware.Tests;

public class SimulatedPanelTests
{
    private readonly List<ControlEvent> _events = [];

    /// <summary>The instrument's state as the panel reads it: the events it sends land here, like the box's control hub.</summary>
    private InstrumentSnapshot _state = new(0.5f, 0.5f, [0, 1, 2, 3], [0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f], 0, 0, 0, 0);

    private SimulatedPanel Panel(int instruments) => new(instruments, () => _state, e =>
    {
        _events.Add(e);
        _state = Applied(_state, e);
    });

    private static InstrumentSnapshot Applied(InstrumentSnapshot s, ControlEvent e) => e.Kind switch
    {
        ControlKind.Position2D => s with { X = e.Value, Y = e.Y },
        ControlKind.Knob => s with { Knobs = [.. s.Knobs.Select((v, i) => i == e.Index ? e.Value : v)] },
        ControlKind.Corner => s with { Corners = [.. s.Corners.Select((v, i) => i == e.Index ? (int)e.Value : v)] },
        _ => s,
    };

    private static ConsoleKeyInfo Key(ConsoleKey key, bool shift = false) => new('\0', key, shift, false, false);

    private static ConsoleKeyInfo Char(char c) => new(c, ConsoleKey.NoName, char.IsUpper(c), false, false);

    [Fact]
    public void Arrow_keys_move_the_finger()
    {
        var panel = Panel(11);
        panel.Handle(Key(ConsoleKey.RightArrow), TimeSpan.Zero);
        panel.Handle(Key(ConsoleKey.UpArrow), TimeSpan.Zero);
        panel.Handle(Key(ConsoleKey.LeftArrow, shift: true), TimeSpan.Zero);

        Assert.Equal(ControlEvent.Position2D(0.55f, 0.5f), _events[0]);
        Assert.Equal(ControlEvent.Position2D(0.55f, 0.45f), _events[1]);
        Assert.Equal(0.54f, _events[2].X, 4);
    }

    [Fact]
    public void The_finger_stays_on_the_pad()
    {
        var panel = Panel(11);
        for (int i = 0; i < 30; i++)
        {
            panel.Handle(Key(ConsoleKey.DownArrow), TimeSpan.Zero);
        }

        Assert.Equal(1f, _events[^1].Y);
    }

    [Fact]
    public void Number_picks_a_knob_and_plus_minus_turn_it()
    {
        var panel = Panel(11);
        panel.Handle(Char('2'), TimeSpan.Zero);
        panel.Handle(Char('+'), TimeSpan.Zero);
        panel.Handle(Char('+'), TimeSpan.Zero);
        panel.Handle(Char('6'), TimeSpan.Zero);
        panel.Handle(Char('-'), TimeSpan.Zero);

        Assert.Equal(Knob.Volume, panel.SelectedKnob);
        Assert.Equal(ControlKind.Knob, _events[0].Kind);
        Assert.Equal((int)Knob.Attack, _events[1].Index);
        Assert.Equal(0.6f, _events[1].Value, 4);
        Assert.Equal((int)Knob.Volume, _events[2].Index);
        Assert.Equal(0.45f, _events[2].Value, 4);
    }

    [Fact]
    public void Corner_keys_turn_the_encoders_and_wrap()
    {
        var panel = Panel(3);
        panel.Handle(Char('w'), TimeSpan.Zero);   // corner 1: 1 -> 2
        panel.Handle(Char('w'), TimeSpan.Zero);   // wraps to 0
        panel.Handle(Char('Q'), TimeSpan.Zero);   // corner 0 back: 0 -> 2

        Assert.Equal([ControlEvent.SetCorner(1, 2), ControlEvent.SetCorner(1, 0), ControlEvent.SetCorner(0, 2)], _events);
    }

    [Fact]
    public void Corner_keys_step_from_the_instruments_the_box_plays()
    {
        _state = _state with { Corners = [73, 42, 0, 56] }; // Flute, Cello, Acoustic Grand, Trumpet
        var panel = Panel(112);
        panel.Handle(Char('w'), TimeSpan.Zero);
        panel.Handle(Char('q'), TimeSpan.Zero);

        Assert.Equal([ControlEvent.SetCorner(1, 43), ControlEvent.SetCorner(0, 74)], _events); // Flute stayed Flute until its own key
    }

    [Fact]
    public void The_first_turn_of_a_knob_starts_from_its_real_value()
    {
        _state = _state with { Knobs = [0.5f, 0.02f, 0.3f, 0.7f, 0.3f, 0.8f] };
        var panel = Panel(11);
        panel.Handle(Char('2'), TimeSpan.Zero);
        panel.Handle(Char('+'), TimeSpan.Zero);
        panel.Handle(Char('6'), TimeSpan.Zero);
        panel.Handle(Char('-'), TimeSpan.Zero);

        Assert.Equal(0.07f, _events[0].Value, 4); // Attack 0.02 -> 0.07, not 0.55
        Assert.Equal(0.75f, _events[1].Value, 4); // Volume 0.80 -> 0.75, not 0.45
    }

    [Fact]
    public void A_move_from_another_input_is_where_the_next_key_starts()
    {
        var panel = Panel(11);
        panel.Handle(Char('2'), TimeSpan.Zero);
        panel.Handle(Char('+'), TimeSpan.Zero);
        _state = Applied(_state, ControlEvent.SetKnob(Knob.Attack, 0.3f)); // MIDI or the web panel turned it
        panel.Handle(Char('+'), TimeSpan.Zero);
        _state = Applied(_state, ControlEvent.Position2D(0.2f, 0.9f));
        panel.Handle(Key(ConsoleKey.RightArrow), TimeSpan.Zero);

        Assert.Equal(0.35f, _events[1].Value, 4);
        Assert.Equal(0.25f, _events[2].Value, 4);
        Assert.Equal(0.9f, _events[2].Y, 4);
    }

    [Fact]
    public void Patch_keys_recall_and_save()
    {
        var panel = Panel(11);
        panel.Handle(Char('x'), TimeSpan.Zero);
        panel.Handle(Char('V'), TimeSpan.Zero);

        Assert.Equal([ControlEvent.RecallPatch(1), ControlEvent.SavePatch(3)], _events);
    }

    [Fact]
    public void Note_keys_play_notes_that_stop_by_themselves()
    {
        var panel = new SimulatedPanel(11, () => _state, _events.Add) { NoteLength = TimeSpan.FromMilliseconds(300) };
        panel.Handle(Char('a'), TimeSpan.Zero);
        panel.Handle(Char('k'), TimeSpan.FromMilliseconds(100));
        Assert.Equal([60, 72], panel.SoundingNotes);
        panel.Update(TimeSpan.FromMilliseconds(350));

        Assert.Equal([ControlEvent.NoteOn(60, 0.8f), ControlEvent.NoteOn(72, 0.8f), ControlEvent.NoteOff(60)], _events);
        panel.Update(TimeSpan.FromMilliseconds(450));
        Assert.Equal(ControlEvent.NoteOff(72), _events[^1]);
    }

    [Fact]
    public void Unused_keys_are_ignored()
    {
        var panel = Panel(11);
        Assert.False(panel.Handle(Char('%'), TimeSpan.Zero));
        Assert.Empty(_events);
    }

    [Fact]
    public void A_text_stream_with_ansi_arrow_keys_drives_it_too()
    {
        var panel = Panel(11);
        var clock = TimeSpan.Zero;
        panel.Run(new StringReader("\u001b[C\u001b[1;2B3+e a"), () => clock += TimeSpan.FromMilliseconds(10));

        Assert.Equal(
            [
                ControlEvent.Position2D(0.55f, 0.5f),
                ControlEvent.Position2D(0.55f, 0.51f),
                ControlEvent.SetKnob(Knob.Decay, 0.55f),
                ControlEvent.SetCorner(2, 3),
                ControlEvent.AllNotesOff(),
                ControlEvent.NoteOn(60, 0.8f),
                ControlEvent.NoteOff(60),
            ],
            _events);
    }
}
