namespace NSynthBox.Midi.Tests;

/// <summary>Keeps everything the parser delivers, in order, as readable strings.</summary>
internal sealed class RecordingHandler : IMidiMessageHandler
{
    public List<MidiMessage> Messages { get; } = [];

    public List<byte[]> SysEx { get; } = [];

    /// <summary>Messages and SysEx interleaved in delivery order.</summary>
    public List<string> Log { get; } = [];

    public void OnMessage(in MidiMessage message)
    {
        Messages.Add(message);
        Log.Add(message.ToString());
    }

    public void OnSysEx(ReadOnlySpan<byte> message)
    {
        SysEx.Add(message.ToArray());
        Log.Add("SysEx " + Convert.ToHexString(message));
    }
}
