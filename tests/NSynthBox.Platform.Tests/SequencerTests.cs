using NSynthBox.Midi;
using NSynthBox.Platform.Midi;
using NSynthBox.Platform.Native;
using static NSynthBox.Platform.Native.LibAsound;

namespace NSynthBox.Platform.Tests;

public sealed class SequencerTests
{
    private static List<MidiMessage> Decode(SeqEvent ev)
    {
        var output = new MidiMessage[SeqEventCodec.MaxMessagesPerEvent];
        var n = SeqEventCodec.Decode(ev, output);
        return [.. output.Take(n)];
    }

    [Fact]
    public void Sequencer_event_layout_is_alsas()
    {
        Assert.Equal(28, System.Runtime.InteropServices.Marshal.SizeOf<SeqEvent>());
        Assert.Equal(16, (int)System.Runtime.InteropServices.Marshal.OffsetOf<SeqEvent>(nameof(SeqEvent.NoteChannel)));
        Assert.Equal(20, (int)System.Runtime.InteropServices.Marshal.OffsetOf<SeqEvent>(nameof(SeqEvent.Param)));
        Assert.Equal(24, (int)System.Runtime.InteropServices.Marshal.OffsetOf<SeqEvent>(nameof(SeqEvent.Value)));
    }

    [Fact]
    public void Sequencer_events_decode_to_midi_messages()
    {
        Assert.Equal([MidiMessage.NoteOn(3, 60, 100)], Decode(new SeqEvent { Type = SeqEventType.NoteOn, NoteChannel = 3, Note = 60, Velocity = 100 }));
        Assert.Equal([MidiMessage.NoteOff(3, 60)], Decode(new SeqEvent { Type = SeqEventType.NoteOn, NoteChannel = 3, Note = 60, Velocity = 0 }));
        Assert.Equal([MidiMessage.ControlChange(0, 74, 90)], Decode(new SeqEvent { Type = SeqEventType.Controller, Param = 74, Value = 90 }));
        Assert.Equal([MidiMessage.PitchBend(1, -8192)], Decode(new SeqEvent { Type = SeqEventType.PitchBend, NoteChannel = 1, Value = -8192 }));
        Assert.Equal([MidiMessage.ChannelPressure(2, 33)], Decode(new SeqEvent { Type = SeqEventType.ChannelPressure, NoteChannel = 2, Value = 33 }));
        Assert.Equal([MidiMessage.ProgramChange(0, 7)], Decode(new SeqEvent { Type = SeqEventType.ProgramChange, Value = 7 }));
        Assert.Equal([MidiMessage.ControlChange(0, 16, 64), MidiMessage.ControlChange(0, 48, 1)],
            Decode(new SeqEvent { Type = SeqEventType.Control14, Param = 16, Value = (64 << 7) | 1 }));
        Assert.Equal(
            [MidiMessage.ControlChange(0, 101, 0), MidiMessage.ControlChange(0, 100, 6), MidiMessage.ControlChange(0, 6, 15), MidiMessage.ControlChange(0, 38, 0)],
            Decode(new SeqEvent { Type = SeqEventType.RegisteredParameter, Param = 6, Value = 15 << 7 }));
        Assert.Equal([new MidiMessage(0xF8)], Decode(new SeqEvent { Type = SeqEventType.Clock }));
        Assert.Empty(Decode(new SeqEvent { Type = SeqEventType.PortStart }));
    }

    [Fact]
    public void Midi_messages_encode_to_sequencer_events_and_back()
    {
        MidiMessage[] messages =
        [
            MidiMessage.NoteOn(15, 127, 1), MidiMessage.NoteOff(0, 0), MidiMessage.PolyPressure(4, 61, 20), MidiMessage.ControlChange(9, 17, 99),
            MidiMessage.ProgramChange(1, 127), MidiMessage.ChannelPressure(5, 64), MidiMessage.PitchBend(2, 8191), MidiMessage.PitchBend(2, -1),
            new MidiMessage(0xFA), new MidiMessage(0xFC), new MidiMessage(0xF2, 5, 3),
        ];
        foreach (var m in messages)
        {
            var ev = default(SeqEvent);
            Assert.True(SeqEventCodec.TryEncode(m, ref ev), m.ToString());
            Assert.Equal([m], Decode(ev));
        }
    }

    [Fact]
    public void Hardware_keyboards_are_connected_but_not_ourselves_the_system_or_midi_through()
    {
        const uint source = SND_SEQ_PORT_CAP_READ | SND_SEQ_PORT_CAP_SUBS_READ;
        const uint hardware = SND_SEQ_PORT_TYPE_MIDI_GENERIC | SND_SEQ_PORT_TYPE_HARDWARE;
        var keyboard = new SequencerPort(24, 0, "Keystation 49", "Keystation 49 MIDI 1", source | SND_SEQ_PORT_CAP_WRITE, hardware);
        var daw = new SequencerPort(130, 0, "Ardour", "MIDI out", source, SND_SEQ_PORT_TYPE_MIDI_GENERIC | SND_SEQ_PORT_TYPE_APPLICATION);

        Assert.True(AlsaSequencer.ShouldAutoConnect(keyboard, 128, AutoConnect.Hardware));
        Assert.False(AlsaSequencer.ShouldAutoConnect(keyboard, 128, AutoConnect.None));
        Assert.False(AlsaSequencer.ShouldAutoConnect(daw, 128, AutoConnect.Hardware));
        Assert.True(AlsaSequencer.ShouldAutoConnect(daw, 128, AutoConnect.All));
        Assert.False(AlsaSequencer.ShouldAutoConnect(keyboard with { Client = 128 }, 128, AutoConnect.All)); // our own port
        Assert.False(AlsaSequencer.ShouldAutoConnect(new SequencerPort(0, 1, "System", "Announce", source, 0), 128, AutoConnect.All));
        Assert.False(AlsaSequencer.ShouldAutoConnect(new SequencerPort(14, 0, "Midi Through", "Midi Through Port-0", source, hardware), 128, AutoConnect.All));
        Assert.False(AlsaSequencer.ShouldAutoConnect(keyboard with { Capabilities = SND_SEQ_PORT_CAP_WRITE | SND_SEQ_PORT_CAP_SUBS_WRITE }, 128, AutoConnect.All)); // an output
    }

    [Fact]
    public void Sequencer_ports_are_found_by_address_or_name()
    {
        const uint both = SND_SEQ_PORT_CAP_READ | SND_SEQ_PORT_CAP_SUBS_READ | SND_SEQ_PORT_CAP_WRITE | SND_SEQ_PORT_CAP_SUBS_WRITE;
        SequencerPort[] ports = [new(20, 0, "USB MIDI Interface", "USB MIDI Interface MIDI 1", both, SND_SEQ_PORT_TYPE_HARDWARE), new(24, 0, "Keystation 49", "Keystation 49 MIDI 1", both, SND_SEQ_PORT_TYPE_HARDWARE)];
        Assert.Equal(24, AlsaSequencer.Resolve(ports, "24:0", source: true)!.Client);
        Assert.Equal(24, AlsaSequencer.Resolve(ports, "keystation", source: true)!.Client);
        Assert.Equal(20, AlsaSequencer.Resolve(ports, "USB MIDI", source: false)!.Client);
        Assert.Null(AlsaSequencer.Resolve(ports, "Launchpad", source: true));
    }

    [Fact]
    public void Sequencer_opens_or_says_why_not()
    {
        var messages = new MessageCollector();
        using var seq = AlsaSequencer.TryOpen("NSynthBox test", messages, null, AutoConnect.Hardware, out var reason);
        if (File.Exists("/dev/snd/seq"))
        {
            Assert.NotNull(seq);
            Assert.True(seq.ClientId > 0);
            seq.Start();
            seq.Send(MidiMessage.ControlChange(0, 16, 1)); // to no subscribers: nothing to see, nothing breaks
            seq.Stop();
        }
        else
        {
            Assert.Null(seq);
            Assert.Contains("/dev/snd/seq", reason);
            Assert.Contains("raw MIDI inputs still work", reason);
            Assert.Empty(AlsaSequencer.ListPorts(out var listReason));
            Assert.NotNull(listReason);
        }
    }
}
