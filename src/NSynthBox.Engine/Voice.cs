using NSynthBox.Dsp;

namespace NSynthBox.Engine;

/// <summary>Control-side state of one voice slot (owned by the control worker).</summary>
internal sealed class Voice(AdsrEnvelope envelope)
{
    public VoiceStage Stage = VoiceStage.Free;
    public int Note;
    public byte Channel;
    public float Velocity;
    public long OnsetFrame;
    public long ReleaseFrame = -1;
    /// <summary>Key is up but the sustain pedal holds the note.</summary>
    public bool HeldByPedal;
    public long Age;
    public readonly AdsrEnvelope Envelope = envelope;

    public int PendingNote;
    public byte PendingChannel;
    public float PendingVelocity;

    public bool Sounding => Stage is VoiceStage.Playing or VoiceStage.Released;
}
