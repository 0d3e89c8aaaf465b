namespace NSynthBox.Midi;

/// <summary>
/// Receives what <see cref="MidiStreamParser"/> decodes. Called synchronously on the
/// thread that calls <see cref="MidiStreamParser.Parse"/>, so implementations should be
/// quick and must not keep the SysEx span after returning (its buffer is reused).
/// </summary>
public interface IMidiMessageHandler
{
    void OnMessage(in MidiMessage message);

    /// <summary>A complete SysEx message, including the leading 0xF0 and trailing 0xF7.</summary>
    void OnSysEx(ReadOnlySpan<byte> message);
}
