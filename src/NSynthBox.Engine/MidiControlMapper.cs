using NSynthBox.Midi;

namespace NSynthBox.Engine;

/// <summary>
/// Turns MIDI channel messages into control events: notes, sustain (CC64), mod wheel (CC1),
/// pitch bend (scaled by the bend range, per channel), channel pressure and CC74 slide (per
/// channel, so MPE controllers shape each note), all-notes-off (CC123) and all-sound-off (CC120).
/// </summary>
public sealed class MidiControlMapper(float pitchBendRange = 2f, int channel = -1)
{
    /// <summary>-1 = omni (every channel), else the one channel 0..15 the box answers.</summary>
    public int Channel { get; set; } = channel;

    public bool TryMap(in MidiMessage message, out ControlEvent e)
    {
        e = default;
        if (!message.IsChannelMessage || (Channel >= 0 && message.Channel != Channel)) return false;
        var ch = (byte)message.Channel;
        switch (message.Type)
        {
            case MidiMessageType.NoteOn when message.Data2 > 0:
                e = ControlEvent.NoteOn(message.Data1, message.Data2 / 127f, ch);
                return true;
            case MidiMessageType.NoteOn:
            case MidiMessageType.NoteOff:
                e = ControlEvent.NoteOff(message.Data1, ch);
                return true;
            case MidiMessageType.PitchBend:
                e = ControlEvent.PitchBend(message.PitchBendValue / 8192f * pitchBendRange, ch);
                return true;
            case MidiMessageType.ChannelPressure:
                e = ControlEvent.Pressure(message.Data1 / 127f, ch);
                return true;
            case MidiMessageType.ControlChange when message.Data1 == 74:
                // MPE slide: on a member channel it moves that note's own point in the latent space.
                e = ControlEvent.Slide(message.Data2 / 127f, ch);
                return true;
            case MidiMessageType.ControlChange:
                return TryMapController(message.Data1, message.Data2, out e);
            default:
                return false;
        }
    }

    private static bool TryMapController(int controller, int value, out ControlEvent e)
    {
        e = controller switch
        {
            1 => ControlEvent.ModWheel(value / 127f),
            64 => ControlEvent.Sustain(value >= 64),
            120 or 123 => ControlEvent.AllNotesOff(),
            _ => default,
        };
        return controller is 1 or 64 or 120 or 123;
    }

    /// <summary>All the note, pedal and wheel events of a MIDI file, timed in seconds.</summary>
    public List<TimedControlEvent> MapFile(MidiFile file)
    {
        var events = new List<TimedControlEvent>();
        foreach (var m in file.GetPlaybackMessages())
        {
            if (TryMap(m.Message, out var e)) events.Add(new TimedControlEvent(m.Seconds, e));
        }
        return events;
    }
}
