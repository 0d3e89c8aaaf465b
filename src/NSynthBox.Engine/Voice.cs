using NSynthBox.Dsp;

namespace NSynthBox.Engine;

/// <summary>Control-side state of one voice slot (owned by the control worker).</summary>
internal sealed class Voice(int slot, AdsrEnvelope envelope)
{
    /// <summary>The voice's index among the engine's slots (its row in every per-slot array).</summary>
    public readonly int Slot = slot;

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

    /// <summary>The note's vibrato and tremolo (model v2's modulation output), at the control rate.</summary>
    public readonly VibratoLfo Lfo = new();

    /// <summary>Model v2: the decoder's time since release, which the Release knob runs faster or slower than real time.</summary>
    public float DecoderReleaseSeconds;

    /// <summary>Model v2: the loudest decoded frame of the note (sum of its amplitudes and gains), the reference for freeing it.</summary>
    public float DecodedPeak;

    /// <summary>Gain of the latest frame relative to the note's loudest (envelope, and the decoder's own level for v2): the quietest released voice is stolen first.</summary>
    public float Level;

    public int PendingNote;
    public byte PendingChannel;
    public float PendingVelocity;

    public bool Sounding => Stage is VoiceStage.Playing or VoiceStage.Released;
}
