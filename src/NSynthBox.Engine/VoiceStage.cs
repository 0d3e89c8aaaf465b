namespace NSynthBox.Engine;

internal enum VoiceStage : byte
{
    Free,
    Playing,
    /// <summary>Key up (or pedal up after key up): the envelope and the model's release run.</summary>
    Released,
    /// <summary>Fading out this frame to make room for <see cref="Voice.PendingNote"/>.</summary>
    Stealing,
}
