namespace NSynthBox.Platform.Audio;

/// <summary>Sample format on the wire to the sound card.</summary>
public enum SampleFormat
{
    /// <summary>The first the device accepts of 32-bit float, 32-bit integer and 16-bit integer.</summary>
    Auto,
    Float32,
    S32,
    S16,
}
