namespace NSynthBox.Dsp;

/// <summary>The segment an <see cref="AdsrEnvelope"/> is in.</summary>
public enum EnvelopeStage
{
    /// <summary>Silent (level 0); the voice can be reused.</summary>
    Idle,

    /// <summary>Rising towards 1.</summary>
    Attack,

    /// <summary>Falling from 1 towards the sustain level.</summary>
    Decay,

    /// <summary>Holding the sustain level while the key is down.</summary>
    Sustain,

    /// <summary>Falling to 0 after the key was released.</summary>
    Release,

    /// <summary>A fast linear fade to 0 for voice stealing.</summary>
    Kill,
}
