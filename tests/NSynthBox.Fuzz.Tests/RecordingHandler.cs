using NSynthBox.Midi;

namespace NSynthBox.Fuzz.Tests;

/// <summary>Keeps everything a <see cref="MidiStreamParser"/> delivers, in order.</summary>
internal sealed class RecordingHandler : IMidiMessageHandler
{
    public List<MidiMessage> Messages { get; } = [];

    public List<byte[]> SysEx { get; } = [];

    /// <summary>Messages and SysEx interleaved in delivery order, as text.</summary>
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
