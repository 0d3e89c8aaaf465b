namespace NSynthBox.Midi;

/// <summary>A channel message (note, controller, program, pressure, pitch bend) in a track.</summary>
public sealed class ChannelMessageEvent : MidiEvent
{
    public ChannelMessageEvent(long tick, MidiMessage message)
        : base(tick)
    {
        if (!message.IsChannelMessage)
        {
            throw new ArgumentException($"Only channel messages can be stored in a MIDI file track, not {message.Type}.", nameof(message));
        }

        Message = message;
    }

    public MidiMessage Message { get; }

    public override string ToString() => $"@{Tick} {Message}";
}
