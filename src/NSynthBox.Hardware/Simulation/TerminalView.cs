using System.Globalization;
using System.Text;
using NSynthBox.Engine;
using NSynthBox.Engine.Import;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace NSynthBox.Hardware;

/// <summary>What the terminal panel shows at one moment.</summary>
/// <param name="Instrument">The instrument's state: corners, finger, knobs, voices, output peak.</param>
/// <param name="HeldNotes">Notes sounding from any input (MIDI numbers).</param>
/// <param name="SelectedKnob">The knob + and - turn.</param>
/// <param name="Underruns">The sound card's underruns so far; null where the sink has none.</param>
/// <param name="Log">The latest log lines, newest last (warnings stand out).</param>
public sealed record TerminalViewState(InstrumentSnapshot Instrument, IReadOnlyList<int> HeldNotes, Knob SelectedKnob, long? Underruns, IReadOnlyList<TerminalLogLine> Log);

/// <summary>A log line as the terminal panel shows it.</summary>
public sealed record TerminalLogLine(string Text, bool IsWarning);

/// <summary>
/// The simulated panel drawn in the terminal (Spectre.Console): the four corners around the pad with
/// the finger on it, the six knobs, held notes, output level, trouble, and the key help at the bottom.
/// Every part has a fixed height, so warnings never push the key help off the screen.
/// </summary>
public sealed class TerminalView(IReadOnlyList<string> instrumentNames, string help)
{
    public const int PadWidth = 31;
    public const int PadHeight = 7;
    /// <summary>Log lines shown at once (the newest).</summary>
    public const int LogLines = 3;
    private const int BarWidth = 20;
    /// <summary>Columns a log line's panel takes besides the text (borders and padding).</summary>
    private const int LogFrame = 4;

    /// <param name="state">What to show.</param>
    /// <param name="width">The terminal's width: longer log lines are cut to one line, so the view keeps its height.</param>
    public IRenderable Render(TerminalViewState state, int width = 120)
    {
        var s = state.Instrument;
        return new Rows(
            new Columns(Pad(s), Knobs(s, state.SelectedKnob)) { Expand = false },
            new Markup(Invariant($"[bold]notes[/]  {(state.HeldNotes.Count == 0 ? "-" : string.Join(' ', state.HeldNotes.Select(NoteName.OfMidiNote)))}   voices {s.ActiveVoices}")),
            new Markup($"[bold]output[/] {Level(s.PeakLevel)}"),
            Trouble(s, state, Math.Max(20, width - LogFrame)),
            new Panel(new Text(help)) { Header = new PanelHeader("keys"), Border = BoxBorder.Rounded, Expand = true });
    }

    private string Name(int corner, int[] corners) =>
        corners[corner] is var i && i >= 0 && i < instrumentNames.Count ? instrumentNames[i] : Invariant($"#{corners[corner]}");

    /// <summary>Two corners' names at the pad's left and right edges ("1 Flute ... 2 Cello").</summary>
    private Text CornerLine(int left, int[] corners)
    {
        const int width = PadWidth + 2;
        var a = Invariant($"{left + 1} {Name(left, corners)}");
        var b = Invariant($"{left + 2} {Name(left + 1, corners)}");
        var room = width - 1;
        if (a.Length + b.Length > room)
        {
            // Each keeps at least half the room, and a short name leaves the rest to the other.
            a = a[..Math.Min(a.Length, Math.Max(room / 2, room - b.Length))];
            b = b[..Math.Min(b.Length, room - a.Length)];
        }
        return new Text(a + new string(' ', width - a.Length - b.Length) + b);
    }

    private Panel Pad(InstrumentSnapshot s)
    {
        var column = (int)MathF.Round(Math.Clamp(s.X, 0f, 1f) * (PadWidth - 1));
        var row = (int)MathF.Round(Math.Clamp(s.Y, 0f, 1f) * (PadHeight - 1));
        var pad = new StringBuilder();
        for (var r = 0; r < PadHeight; r++)
        {
            pad.Append("[grey]|[/]");
            for (var c = 0; c < PadWidth; c++) pad.Append(r == row && c == column ? "[bold yellow]o[/]" : "[grey].[/]");
            pad.Append("[grey]|[/]\n");
        }
        var finger = new Markup(Invariant($"finger x {s.X:0.00}  y {s.Y:0.00}"));
        return new Panel(new Rows(CornerLine(0, s.Corners), new Markup(pad.ToString().TrimEnd('\n')), CornerLine(2, s.Corners), finger)) { Header = new PanelHeader("grid"), Border = BoxBorder.Rounded };
    }

    private static Panel Knobs(InstrumentSnapshot s, Knob selected)
    {
        var table = new Table { Border = TableBorder.None, ShowHeaders = false };
        table.AddColumn("knob").AddColumn("value").AddColumn("bar");
        for (var k = 0; k < s.Knobs.Length; k++)
        {
            var name = Invariant($"{k + 1} {(Knob)k}");
            var isSelected = (Knob)k == selected;
            table.AddRow(
                new Markup(isSelected ? $"[bold black on yellow]>{name}[/]" : $" {name}"),
                new Text(Invariant($"{s.Knobs[k]:0.00}")),
                new Markup(Bar(s.Knobs[k])));
        }
        return new Panel(table) { Header = new PanelHeader("knobs"), Border = BoxBorder.Rounded };
    }

    private static string Bar(float value)
    {
        var filled = (int)MathF.Round(Math.Clamp(value, 0f, 1f) * BarWidth);
        return $"[green]{new string('#', filled)}[/][grey]{new string('.', BarWidth - filled)}[/]";
    }

    /// <summary>Peak in dBFS, or "silent" (never "-Infinity").</summary>
    public static string Level(double peak)
    {
        if (peak <= 0 || double.IsNaN(peak)) return "silent";
        var db = 20 * Math.Log10(peak);
        var color = db > -1 ? "red" : db > -6 ? "yellow" : "green";
        return Invariant($"[{color}]{db,6:0.0} dBFS[/] ") + Bar((float)((db + 60) / 60));
    }

    private static Panel Trouble(InstrumentSnapshot s, TerminalViewState state, int lineLimit)
    {
        var lines = new List<IRenderable>
        {
            new Markup(Invariant($"late frames {s.LateFrames}   underruns {(state.Underruns is { } u ? u.ToString(CultureInfo.InvariantCulture) : "-")}")),
        };
        var recent = state.Log.TakeLast(LogLines).ToList();
        for (var i = 0; i < LogLines; i++)
        {
            if (i >= recent.Count)
            {
                lines.Add(new Text(" "));
                continue;
            }
            var text = recent[i].Text.ReplaceLineEndings(" ");
            text = Markup.Escape(text.Length > lineLimit ? text[..(lineLimit - 3)] + "..." : text);
            lines.Add(new Markup(recent[i].IsWarning ? $"[yellow]{text}[/]" : $"[grey]{text}[/]"));
        }
        return new Panel(new Rows(lines)) { Header = new PanelHeader("trouble and messages"), Border = BoxBorder.Rounded, Expand = true };
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
