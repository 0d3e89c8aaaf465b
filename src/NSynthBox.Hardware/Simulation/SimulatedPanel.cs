using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>
/// The panel for machines without one: keys from a terminal produce the same
/// <see cref="ControlEvent"/>s as the real touch grid, knobs and encoders, stepping from the
/// instrument's own state (whatever moved it last: this panel, MIDI, the web panel, a patch).
/// Arrow keys move the finger (Shift = fine steps); 1-6 pick a knob, + / - turn it;
/// q w e r turn the corners' encoders forward, Q W E R back; z x c v recall patches 1-4,
/// Z X C V save them; a s d f g h j k play C4..C5 (a terminal reports presses only, so each
/// note stops after <see cref="NoteLength"/>); space silences everything.
/// </summary>
public sealed class SimulatedPanel
{
    public const string Help =
        "arrows: move finger (shift: fine)  1-6: pick knob  +/-: turn it  q w e r / Q W E R: corner instrument +/-  " +
        "z x c v: recall patch 1-4  Z X C V: save patch  a s d f g h j k: play C4..C5  space: all notes off";

    private const float Step = 0.05f;
    private const float FineStep = 0.01f;
    private static readonly int[] NoteOfKey = [60, 62, 64, 65, 67, 69, 71, 72];
    private const string NoteKeys = "asdfghjk";
    private const string CornerKeys = "qwer";
    private const string PatchKeys = "zxcv";

    private readonly Action<ControlEvent> _sink;
    private readonly Func<InstrumentSnapshot> _state;
    private readonly int _instrumentCount;
    private readonly List<(int Note, TimeSpan Off)> _sounding = [];

    /// <param name="instrumentCount">Instruments the corners cycle through.</param>
    /// <param name="state">The instrument's state now (corners, finger, knobs), read at every key so each step starts where the instrument is.</param>
    /// <param name="sink">Where the panel's events go.</param>
    public SimulatedPanel(int instrumentCount, Func<InstrumentSnapshot> state, Action<ControlEvent> sink)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(instrumentCount, 1);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(sink);
        _instrumentCount = instrumentCount;
        _state = state;
        _sink = sink;
    }

    /// <summary>How long a played note sounds (a terminal reports no key releases).</summary>
    public TimeSpan NoteLength { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>Notes this panel is playing now, lowest first.</summary>
    public IReadOnlyList<int> SoundingNotes => [.. _sounding.Select(s => s.Note).Order()];

    /// <summary>The knob +/- turn.</summary>
    public Knob SelectedKnob { get; private set; } = Knob.Position;

    /// <summary>Handles one key; returns false for a key it does not use.</summary>
    public bool Handle(ConsoleKeyInfo key, TimeSpan now)
    {
        bool fine = (key.Modifiers & ConsoleModifiers.Shift) != 0;
        switch (key.Key)
        {
            case ConsoleKey.LeftArrow: return Move(-(fine ? FineStep : Step), 0);
            case ConsoleKey.RightArrow: return Move(fine ? FineStep : Step, 0);
            case ConsoleKey.UpArrow: return Move(0, -(fine ? FineStep : Step));
            case ConsoleKey.DownArrow: return Move(0, fine ? FineStep : Step);
        }

        return Handle(key.KeyChar, now);
    }

    /// <summary>Handles one typed character (as read from a pipe or a raw terminal).</summary>
    public bool Handle(char c, TimeSpan now)
    {
        if (c is >= '1' and <= '6')
        {
            SelectedKnob = (Knob)(c - '1');
            return true;
        }

        if (c is '+' or '=' or '-' or '_')
        {
            float value = _state().Knobs[(int)SelectedKnob];
            _sink(ControlEvent.SetKnob(SelectedKnob, Math.Clamp(value + (c is '+' or '=' ? Step : -Step), 0f, 1f)));
            return true;
        }

        int corner = CornerKeys.IndexOf(char.ToLowerInvariant(c), StringComparison.Ordinal);
        if (corner >= 0)
        {
            int step = char.IsUpper(c) ? -1 : 1;
            int instrument = ((_state().Corners[corner] + step) % _instrumentCount + _instrumentCount) % _instrumentCount;
            _sink(ControlEvent.SetCorner(corner, instrument));
            return true;
        }

        int patch = PatchKeys.IndexOf(char.ToLowerInvariant(c), StringComparison.Ordinal);
        if (patch >= 0)
        {
            _sink(char.IsUpper(c) ? ControlEvent.SavePatch(patch) : ControlEvent.RecallPatch(patch));
            return true;
        }

        int note = NoteKeys.IndexOf(c, StringComparison.Ordinal);
        if (note >= 0)
        {
            Play(NoteOfKey[note], now);
            return true;
        }

        if (c == ' ')
        {
            _sounding.Clear();
            _sink(ControlEvent.AllNotesOff());
            return true;
        }

        return false;
    }

    /// <summary>Ends notes whose time is up; call regularly (e.g. every 10 ms).</summary>
    public void Update(TimeSpan now)
    {
        for (int i = _sounding.Count - 1; i >= 0; i--)
        {
            if (now >= _sounding[i].Off)
            {
                _sink(ControlEvent.NoteOff(_sounding[i].Note));
                _sounding.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// Reads keys from a text stream until it ends: plain characters as above, arrow keys as ANSI escape sequences (ESC [ A/B/C/D), shift+arrow as ESC [ 1 ; 2 A.
    /// Notes still sounding at the end are stopped.
    /// </summary>
    public void Run(TextReader input, Func<TimeSpan> clock)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(clock);
        int c;
        while ((c = input.Read()) >= 0)
        {
            TimeSpan now = clock();
            Update(now);
            if (c == 0x1B && input.Peek() == '[')
            {
                input.Read();
                string sequence = "";
                int next;
                while ((next = input.Read()) >= 0 && !char.IsLetter((char)next))
                {
                    sequence += (char)next;
                }

                float step = sequence.EndsWith(";2", StringComparison.Ordinal) ? FineStep : Step;
                _ = next switch
                {
                    'A' => Move(0, -step),
                    'B' => Move(0, step),
                    'C' => Move(step, 0),
                    'D' => Move(-step, 0),
                    _ => false,
                };
                continue;
            }

            Handle((char)c, now);
        }

        Update(TimeSpan.MaxValue);
    }

    private bool Move(float dx, float dy)
    {
        var state = _state();
        _sink(ControlEvent.Position2D(Math.Clamp(state.X + dx, 0f, 1f), Math.Clamp(state.Y + dy, 0f, 1f)));
        return true;
    }

    private void Play(int note, TimeSpan now)
    {
        int existing = _sounding.FindIndex(s => s.Note == note);
        if (existing >= 0)
        {
            _sink(ControlEvent.NoteOff(note));
            _sounding.RemoveAt(existing);
        }

        _sink(ControlEvent.NoteOn(note, 0.8f));
        _sounding.Add((note, now + NoteLength));
    }
}
