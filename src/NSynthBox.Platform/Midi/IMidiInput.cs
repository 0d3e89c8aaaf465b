namespace NSynthBox.Platform.Midi;

/// <summary>A MIDI source read on its own thread; decoded messages go to the handler given at construction.</summary>
public interface IMidiInput : IDisposable
{
    /// <summary>"/dev/ttyAMA0 (31250 baud)", "ALSA sequencer 128:0 'NSynthBox'", for the log.</summary>
    string Name { get; }

    void Start();

    void Stop();
}
