using NSynthBox.Midi;

namespace NSynthBox.Platform.Midi;

/// <summary>A MIDI destination. <see cref="Send"/> is thread-safe and never blocks (a full destination drops).</summary>
public interface IMidiOutput : IDisposable
{
    string Name { get; }

    void Send(in MidiMessage message);
}
