using NSynthBox.Engine;
using NSynthBox.Midi;

namespace NSynthBox.Platform.Mapping;

/// <summary>
/// Control events to MIDI by the <see cref="CcMap"/>: notes, bends, wheel, pedal, slide and pressure as themselves,
/// position, knobs and corners as controllers, patch recall as Program Change. It remembers what it
/// sent, so a move sends only what changed (the LSB alone for a fine move, MSB then LSB otherwise),
/// which keeps a 31250-baud DIN line from flooding. Not thread-safe; allocation-free.
/// </summary>
public sealed class CcEncoder
{
    public const int MaxMessages = 4;

    private readonly int[] _sent = new int[ControlTargets.Count];
    private int _bankSent = -1;

    /// <param name="channel">Channel (0..15) for the box's controllers and program changes; notes, bends, slide and pressure keep their own.</param>
    /// <param name="pitchBendRange">Semitones of a full bend, to turn a bend in semitones back into the 14-bit value.</param>
    /// <param name="map">Which controllers the controls use (default: the documented <see cref="CcMap"/>).</param>
    public CcEncoder(int channel, float pitchBendRange = 2f, CcAssignments? map = null)
    {
        Map = map ?? CcAssignments.Default;
        if (channel is < 0 or > 15) throw new ArgumentOutOfRangeException(nameof(channel), channel, "MIDI channel 0..15");
        Channel = channel;
        PitchBendRange = pitchBendRange;
        Reset();
    }

    public int Channel { get; }

    public CcAssignments Map { get; }

    public float PitchBendRange { get; }

    /// <summary>Index of the first user sound in the box's instrument list (after the model's); none by default.</summary>
    public int UserSoundsStart { get; init; } = int.MaxValue;

    /// <summary>Forgets what was sent: the next value of every control goes out in full.</summary>
    public void Reset()
    {
        Array.Fill(_sent, -1);
        _bankSent = -1;
    }

    /// <summary>Writes the messages for <paramref name="e"/> (0..<see cref="MaxMessages"/>); returns how many.</summary>
    public int Encode(in ControlEvent e, Span<MidiMessage> output)
    {
        var ch = e.Channel & 15;
        switch (e.Kind)
        {
            case ControlKind.NoteOn when e.Value > 0f:
                output[0] = MidiMessage.NoteOn(ch, e.Index & 127, Math.Clamp((int)MathF.Round(e.Value * 127f), 1, 127));
                return 1;
            case ControlKind.NoteOn:
            case ControlKind.NoteOff:
                output[0] = MidiMessage.NoteOff(ch, e.Index & 127);
                return 1;
            case ControlKind.PitchBend:
                if (PitchBendRange <= 0f) return 0;
                output[0] = MidiMessage.PitchBend(ch, Math.Clamp((int)MathF.Round(e.Value / PitchBendRange * 8192f), -8192, 8191));
                return 1;
            case ControlKind.ModWheel:
                output[0] = MidiMessage.ControlChange(Channel, CcMap.ModWheel, (int)MathF.Round(Math.Clamp(e.Value, 0f, 1f) * 127f));
                return 1;
            case ControlKind.Sustain:
                output[0] = MidiMessage.ControlChange(Channel, CcMap.Sustain, e.Value >= 0.5f ? 127 : 0);
                return 1;
            case ControlKind.Slide:
                output[0] = MidiMessage.ControlChange(ch, CcMap.Slide, (int)MathF.Round(Math.Clamp(e.Value, 0f, 1f) * 127f));
                return 1;
            case ControlKind.Pressure:
                output[0] = MidiMessage.ChannelPressure(ch, (int)MathF.Round(Math.Clamp(e.Value, 0f, 1f) * 127f));
                return 1;
            case ControlKind.AllNotesOff:
                output[0] = MidiMessage.ControlChange(Channel, CcMap.AllNotesOff, 0);
                return 1;
            case ControlKind.PatchRecall when e.Index is >= 0 and < 128:
                output[0] = MidiMessage.ProgramChange(Channel, e.Index);
                return 1;
            case ControlKind.Position2D:
                var n = Continuous(ControlTarget.X, e.X, output);
                return n + Continuous(ControlTarget.Y, e.Y, output[n..]);
            case ControlKind.Knob when e.Index is >= 0 and < 6:
                return Continuous(ControlTargets.ForKnob((Knob)e.Index), e.Value, output);
            case ControlKind.Corner when e.Index is >= 0 and < 4:
                var target = ControlTargets.ForCorner(e.Index);
                var instrument = Math.Max(0, (int)e.Value);
                if (Map.ControllerOf(target) is not { } cornerController || _sent[(int)target] == instrument) return 0;
                _sent[(int)target] = instrument;
                // Instruments 0..127 of the box's list are the value itself (bank 0); user sounds beyond reach
                // go out on bank 1, counted from the first user sound (docs/MIDI.md).
                var bank = instrument < 128 || UserSoundsStart > instrument ? 0 : 1;
                var value = Math.Min(127, bank == 0 ? instrument : instrument - UserSoundsStart);
                var count = 0;
                if (bank != _bankSent && (bank == 1 || _bankSent == 1)) output[count++] = MidiMessage.ControlChange(Channel, CcMap.BankSelect, bank);
                _bankSent = bank == 1 || _bankSent == 1 ? bank : _bankSent;
                output[count++] = MidiMessage.ControlChange(Channel, cornerController, value);
                return count;
            default:
                return 0;
        }
    }

    private int Continuous(ControlTarget target, float value, Span<MidiMessage> output)
    {
        if (Map.ControllerOf(target) is not { } controller) return 0;
        if (!Map.Is14Bit(target))
        {
            var seven = (int)MathF.Round(Math.Clamp(value, 0f, 1f) * 127f);
            if (_sent[(int)target] == seven) return 0;
            _sent[(int)target] = seven;
            output[0] = MidiMessage.ControlChange(Channel, controller, seven);
            return 1;
        }
        var code = CcMap.To14Bit(value);
        var last = _sent[(int)target];
        if (code == last) return 0;
        _sent[(int)target] = code;
        var n = 0;
        // A new MSB resets the receiver's LSB to 0 (MIDI 1.0), so the LSB always follows it.
        if (last < 0 || last >> 7 != code >> 7) output[n++] = MidiMessage.ControlChange(Channel, controller, code >> 7);
        output[n++] = MidiMessage.ControlChange(Channel, controller + CcMap.LsbOffset, code & 127);
        return n;
    }
}
