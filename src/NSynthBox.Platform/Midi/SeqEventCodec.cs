using NSynthBox.Midi;
using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.Midi;

/// <summary>
/// ALSA sequencer events to MIDI 1.0 messages and back. Decoding one event gives up to four
/// messages (a 14-bit controller is two CCs, an RPN/NRPN four). Allocation-free.
/// </summary>
internal static class SeqEventCodec
{
    public const int MaxMessagesPerEvent = 4;

    /// <summary>Writes the messages <paramref name="ev"/> stands for; returns how many (0 for events that are not MIDI).</summary>
    public static int Decode(in SeqEvent ev, Span<MidiMessage> output)
    {
        var ch = ev.NoteChannel & 0x0F;
        switch (ev.Type)
        {
            case SeqEventType.NoteOn:
                output[0] = ev.Velocity == 0
                    ? new MidiMessage((byte)(0x80 | ch), Data(ev.Note), 0)
                    : new MidiMessage((byte)(0x90 | ch), Data(ev.Note), Data(ev.Velocity));
                return 1;
            case SeqEventType.NoteOff:
                output[0] = new MidiMessage((byte)(0x80 | ch), Data(ev.Note), Data(ev.Velocity));
                return 1;
            case SeqEventType.KeyPressure:
                output[0] = new MidiMessage((byte)(0xA0 | ch), Data(ev.Note), Data(ev.Velocity));
                return 1;
            case SeqEventType.Controller:
                output[0] = new MidiMessage((byte)(0xB0 | ch), Data(ev.Param), Data(ev.Value));
                return 1;
            case SeqEventType.ProgramChange:
                output[0] = new MidiMessage((byte)(0xC0 | ch), Data(ev.Value));
                return 1;
            case SeqEventType.ChannelPressure:
                output[0] = new MidiMessage((byte)(0xD0 | ch), Data(ev.Value));
                return 1;
            case SeqEventType.PitchBend:
                var bend = Math.Clamp(ev.Value, -8192, 8191) + 8192;
                output[0] = new MidiMessage((byte)(0xE0 | ch), (byte)(bend & 0x7F), (byte)(bend >> 7));
                return 1;
            case SeqEventType.Control14:
                var value14 = Math.Clamp(ev.Value, 0, 16383);
                if (ev.Param < 32)
                {
                    output[0] = new MidiMessage((byte)(0xB0 | ch), (byte)ev.Param, (byte)(value14 >> 7));
                    output[1] = new MidiMessage((byte)(0xB0 | ch), (byte)(ev.Param + 32), (byte)(value14 & 0x7F));
                    return 2;
                }
                output[0] = new MidiMessage((byte)(0xB0 | ch), Data(ev.Param), (byte)(value14 & 0x7F));
                return 1;
            case SeqEventType.RegisteredParameter:
            case SeqEventType.NonRegisteredParameter:
                var registered = ev.Type == SeqEventType.RegisteredParameter;
                var param = Math.Clamp((int)ev.Param, 0, 16383);
                var value = Math.Clamp(ev.Value, 0, 16383);
                var status = (byte)(0xB0 | ch);
                output[0] = new MidiMessage(status, registered ? (byte)101 : (byte)99, (byte)(param >> 7));
                output[1] = new MidiMessage(status, registered ? (byte)100 : (byte)98, (byte)(param & 0x7F));
                output[2] = new MidiMessage(status, 6, (byte)(value >> 7));
                output[3] = new MidiMessage(status, 38, (byte)(value & 0x7F));
                return 4;
            case SeqEventType.SongPosition:
                var position = Math.Clamp(ev.Value, 0, 16383);
                output[0] = new MidiMessage(0xF2, (byte)(position & 0x7F), (byte)(position >> 7));
                return 1;
            case SeqEventType.SongSelect:
                output[0] = new MidiMessage(0xF3, Data(ev.Value));
                return 1;
            case SeqEventType.QuarterFrame:
                output[0] = new MidiMessage(0xF1, Data(ev.Value));
                return 1;
            case SeqEventType.TuneRequest: return Single(0xF6, output);
            case SeqEventType.Clock: return Single(0xF8, output);
            case SeqEventType.Start: return Single(0xFA, output);
            case SeqEventType.Continue: return Single(0xFB, output);
            case SeqEventType.Stop: return Single(0xFC, output);
            case SeqEventType.Sensing: return Single(0xFE, output);
            case SeqEventType.Reset: return Single(0xFF, output);
            default:
                return 0;
        }
    }

    /// <summary>Fills the MIDI part of <paramref name="ev"/> (type and data) for <paramref name="message"/>; false for messages the sequencer has no event for.</summary>
    public static bool TryEncode(in MidiMessage message, ref SeqEvent ev)
    {
        if (message.IsChannelMessage)
        {
            ev.NoteChannel = (byte)message.Channel;
            switch (message.Type)
            {
                case MidiMessageType.NoteOn:
                case MidiMessageType.NoteOff:
                case MidiMessageType.PolyPressure:
                    ev.Type = message.Type switch
                    {
                        MidiMessageType.NoteOn => SeqEventType.NoteOn,
                        MidiMessageType.NoteOff => SeqEventType.NoteOff,
                        _ => SeqEventType.KeyPressure,
                    };
                    ev.Note = message.Data1;
                    ev.Velocity = message.Data2;
                    ev.OffVelocity = 0;
                    ev.Duration = 0;
                    return true;
                case MidiMessageType.ControlChange:
                    ev.Type = SeqEventType.Controller;
                    ev.Param = message.Data1;
                    ev.Value = message.Data2;
                    return true;
                case MidiMessageType.ProgramChange:
                    ev.Type = SeqEventType.ProgramChange;
                    ev.Param = 0;
                    ev.Value = message.Data1;
                    return true;
                case MidiMessageType.ChannelPressure:
                    ev.Type = SeqEventType.ChannelPressure;
                    ev.Param = 0;
                    ev.Value = message.Data1;
                    return true;
                case MidiMessageType.PitchBend:
                    ev.Type = SeqEventType.PitchBend;
                    ev.Param = 0;
                    ev.Value = message.PitchBendValue;
                    return true;
            }
            return false;
        }
        ev.NoteChannel = 0;
        ev.Param = 0;
        ev.Value = 0;
        switch (message.Type)
        {
            case MidiMessageType.SongPosition:
                ev.Type = SeqEventType.SongPosition;
                ev.Value = message.Data1 | (message.Data2 << 7);
                return true;
            case MidiMessageType.SongSelect:
                ev.Type = SeqEventType.SongSelect;
                ev.Value = message.Data1;
                return true;
            case MidiMessageType.TimeCodeQuarterFrame:
                ev.Type = SeqEventType.QuarterFrame;
                ev.Value = message.Data1;
                return true;
            case MidiMessageType.TuneRequest: ev.Type = SeqEventType.TuneRequest; return true;
            case MidiMessageType.TimingClock: ev.Type = SeqEventType.Clock; return true;
            case MidiMessageType.Start: ev.Type = SeqEventType.Start; return true;
            case MidiMessageType.Continue: ev.Type = SeqEventType.Continue; return true;
            case MidiMessageType.Stop: ev.Type = SeqEventType.Stop; return true;
            case MidiMessageType.ActiveSensing: ev.Type = SeqEventType.Sensing; return true;
            case MidiMessageType.SystemReset: ev.Type = SeqEventType.Reset; return true;
        }
        return false;
    }

    private static int Single(byte status, Span<MidiMessage> output)
    {
        output[0] = new MidiMessage(status);
        return 1;
    }

    private static byte Data(int value) => (byte)Math.Clamp(value, 0, 127);

    private static byte Data(uint value) => (byte)Math.Min(value, 127u);
}
