using static NSynthBox.Platform.Native.LibAsound;

namespace NSynthBox.Platform.Midi;

/// <summary>A port of an ALSA sequencer client, as 'aconnect -l' shows it.</summary>
public sealed record SequencerPort(int Client, int Port, string ClientName, string PortName, uint Capabilities, uint Type)
{
    public string Address => $"{Client}:{Port}";

    /// <summary>A hardware port (USB-MIDI keyboard, MIDI interface, the kernel's raw MIDI bridge).</summary>
    public bool IsHardware => (Type & SND_SEQ_PORT_TYPE_HARDWARE) != 0;

    /// <summary>Others can read from it: a source of MIDI (a keyboard's output).</summary>
    public bool IsSource => (Capabilities & (SND_SEQ_PORT_CAP_READ | SND_SEQ_PORT_CAP_SUBS_READ)) == (SND_SEQ_PORT_CAP_READ | SND_SEQ_PORT_CAP_SUBS_READ);

    /// <summary>Others can write to it: a destination (a synth, a MIDI interface's output).</summary>
    public bool IsDestination => (Capabilities & (SND_SEQ_PORT_CAP_WRITE | SND_SEQ_PORT_CAP_SUBS_WRITE)) == (SND_SEQ_PORT_CAP_WRITE | SND_SEQ_PORT_CAP_SUBS_WRITE);

    public override string ToString() => $"{Address} {ClientName}: {PortName}{(IsHardware ? " (hardware)" : "")}";
}

/// <summary>Which new sequencer ports the box subscribes to by itself.</summary>
public enum AutoConnect
{
    /// <summary>None: connect with aconnect, a patchbay or the DAW.</summary>
    None,
    /// <summary>Hardware sources (USB-MIDI keyboards, MIDI interfaces): plug in and play.</summary>
    Hardware,
    /// <summary>Every source, software ones included.</summary>
    All,
}
