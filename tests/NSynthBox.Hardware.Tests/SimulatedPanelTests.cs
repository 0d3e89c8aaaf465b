using NSynthBox.Engine;

namespace NSynthBox.Hardware.Tests;

public class SimulatedPanelTests
{
    private readonly List<ControlEvent> _events = [];

    private static ConsoleKeyInfo Key(ConsoleKey key, bool shift = false) => new('\0', key, shift, false, false);

    private static ConsoleKeyInfo Char(char c) => new(c, ConsoleKey.NoName, char.IsUpper(c), false, false);

    [Fact]
    public void Arrow_keys_move_the_finger()
    {
        var panel = new SimulatedPanel(11, _events.Add);
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
        var panel = new SimulatedPanel(11, _events.Add);
        for (int i = 0; i < 30; i++)
        {
            panel.Handle(Key(ConsoleKey.DownArrow), TimeSpan.Zero);
        }

        Assert.Equal(1f, _events[^1].Y);
    }

    [Fact]
    public void Number_picks_a_knob_and_plus_minus_turn_it()
    {
        var panel = new SimulatedPanel(11, _events.Add);
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
        var panel = new SimulatedPanel(3, _events.Add);
        panel.Handle(Char('w'), TimeSpan.Zero);   // corner 1: 1 -> 2
        panel.Handle(Char('w'), TimeSpan.Zero);   // wraps to 0
        panel.Handle(Char('Q'), TimeSpan.Zero);   // corner 0 back: 0 -> 2

        Assert.Equal([ControlEvent.SetCorner(1, 2), ControlEvent.SetCorner(1, 0), ControlEvent.SetCorner(0, 2)], _events);
    }

    [Fact]
    public void Patch_keys_recall_and_save()
    {
        var panel = new SimulatedPanel(11, _events.Add);
        panel.Handle(Char('x'), TimeSpan.Zero);
        panel.Handle(Char('V'), TimeSpan.Zero);

        Assert.Equal([ControlEvent.RecallPatch(1), ControlEvent.SavePatch(3)], _events);
    }

    [Fact]
    public void Note_keys_play_notes_that_stop_by_themselves()
    {
        var panel = new SimulatedPanel(11, _events.Add) { NoteLength = TimeSpan.FromMilliseconds(300) };
        panel.Handle(Char('a'), TimeSpan.Zero);
        panel.Handle(Char('k'), TimeSpan.FromMilliseconds(100));
        panel.Update(TimeSpan.FromMilliseconds(350));

        Assert.Equal([ControlEvent.NoteOn(60, 0.8f), ControlEvent.NoteOn(72, 0.8f), ControlEvent.NoteOff(60)], _events);
        panel.Update(TimeSpan.FromMilliseconds(450));
        Assert.Equal(ControlEvent.NoteOff(72), _events[^1]);
    }

    [Fact]
    public void Unused_keys_are_ignored()
    {
        var panel = new SimulatedPanel(11, _events.Add);
        Assert.False(panel.Handle(Char('%'), TimeSpan.Zero));
        Assert.Empty(_events);
    }

    [Fact]
    public void A_text_stream_with_ansi_arrow_keys_drives_it_too()
    {
        var panel = new SimulatedPanel(11, _events.Add);
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
