using NSynthBox.Engine;
using Spectre.Console.Testing;

namespace NSynthBox.Hardware.Tests;

public class TerminalViewTests
{
    private static readonly string[] Names = ["Acoustic Grand Piano", "Cello", "Flute", "Trumpet", "Oboe"];

    private static InstrumentSnapshot State(float x = 0.5f, float y = 0.5f, double peak = 0) =>
        new(x, y, [2, 1, 0, 3], [0.5f, 0.02f, 0.3f, 0.7f, 0.3f, 0.8f], ActiveVoices: 2, Frame: 100, LateFrames: 4, PeakLevel: peak);

    private static string Show(TerminalViewState state, int width = 150)
    {
        var console = new TestConsole().Width(width);
        console.Write(new TerminalView(Names, SimulatedPanel.Help).Render(state, width));
        return console.Output;
    }

    private static TerminalViewState View(InstrumentSnapshot s, IReadOnlyList<TerminalLogLine>? log = null) =>
        new(s, [60, 64], Knob.Attack, 7, log ?? []);

    [Fact]
    public void It_shows_the_corners_the_knobs_the_notes_and_the_level()
    {
        var text = Show(View(State(peak: 0.5)));

        Assert.Matches(@"1 Flute {15,}2 Cello", text); // at the pad's two edges
        Assert.Contains("3 Acoustic Grand", text); // shortened to share the line with corner 4
        Assert.Contains("4 Trumpet", text);
        Assert.Matches(@">2 Attack\s+0\.02", text); // the selected knob, at its value
        Assert.Matches(@"6 Volume\s+0\.80", text);
        Assert.Contains("C4 E4", text);
        Assert.Contains("voices 2", text);
        Assert.Contains("-6.0 dBFS", text);
        Assert.Contains("late frames 4   underruns 7", text);
        Assert.Contains("a s d f g h j k: play C4..C5", text);
    }

    [Fact]
    public void The_finger_is_drawn_where_it_is_on_the_pad()
    {
        var lines = Show(View(State(x: 0f, y: 1f))).Split('\n');
        var padRows = lines.Where(l => l.Contains("|.", StringComparison.Ordinal) || l.Contains("|o", StringComparison.Ordinal)).ToList();
        Assert.Equal(TerminalView.PadHeight, padRows.Count);
        Assert.Contains("|o", padRows[^1], StringComparison.Ordinal); // bottom-left
        Assert.DoesNotContain("o", string.Concat(padRows.Take(TerminalView.PadHeight - 1)).Replace("Volume", ""), StringComparison.Ordinal);
        Assert.Contains("finger x 0.00  y 1.00", string.Join('\n', lines));
    }

    [Fact]
    public void Silence_is_silent_not_minus_infinity()
    {
        var text = Show(View(State(peak: 0)));
        Assert.Contains("output silent", text);
        Assert.DoesNotContain("Infinity", text);
    }

    [Fact]
    public void Many_warnings_never_push_the_key_help_away()
    {
        var quiet = Show(View(State()), width: 90).Split('\n').Length;
        var warnings = Enumerable.Range(1, 20).Select(i => new TerminalLogLine($"underrun {i}: the sound card ran dry " + string.Join(' ', Enumerable.Repeat("word", 60)), true)).ToList();
        var text = Show(View(State(), warnings), width: 90);

        Assert.Equal(quiet, text.Split('\n').Length); // the same height, whatever the log says (long lines are cut, not wrapped)
        Assert.Contains("underrun 20", text);
        Assert.DoesNotContain("underrun 17", text);
        Assert.Contains("space: all notes off", text);
    }

    [Fact]
    public void A_corner_key_shows_the_next_instrument_and_only_in_its_corner()
    {
        var state = State();
        var panel = new SimulatedPanel(Names.Length, () => state, e =>
        {
            if (e.Kind == ControlKind.Corner) state = state with { Corners = [.. state.Corners.Select((c, i) => i == e.Index ? (int)e.Value : c)] };
        });
        panel.Handle(new ConsoleKeyInfo('q', ConsoleKey.Q, false, false, false), TimeSpan.Zero);

        var text = Show(View(state));
        Assert.Contains("1 Trumpet", text); // Flute (2) -> Trumpet (3)
        Assert.Contains("2 Cello", text);
    }
}

public class HeldNotesTests
{
    [Fact]
    public void Notes_are_held_from_note_on_to_note_off_on_any_channel()
    {
        var held = new HeldNotes();
        held.Apply(ControlEvent.NoteOn(64, 0.8f));
        held.Apply(ControlEvent.NoteOn(60, 0.8f, channel: 3));
        held.Apply(ControlEvent.NoteOn(60, 0.8f));
        held.Apply(ControlEvent.NoteOff(60, channel: 3));
        held.Apply(ControlEvent.NoteOff(67)); // never started: ignored
        Assert.Equal([60, 64], held.Notes);

        held.Apply(ControlEvent.NoteOff(60));
        Assert.Equal([64], held.Notes);
        held.Apply(ControlEvent.AllNotesOff());
        Assert.Empty(held.Notes);
    }
}
