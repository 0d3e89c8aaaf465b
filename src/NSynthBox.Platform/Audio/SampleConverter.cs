using System.Runtime.InteropServices;

namespace NSynthBox.Platform.Audio;

/// <summary>
/// Mono float samples to the device's interleaved format (every channel gets the same sample),
/// in a buffer the caller preallocated. Out-of-range samples are clipped. Allocation-free.
/// </summary>
public static class SampleConverter
{
    public static int BytesNeeded(int frames, int channels, SampleFormat format) => frames * channels * (format == SampleFormat.S16 ? 2 : 4);

    /// <summary>Writes <paramref name="mono"/>.Length frames to <paramref name="destination"/>; returns the bytes written.</summary>
    public static int Convert(ReadOnlySpan<float> mono, Span<byte> destination, int channels, SampleFormat format)
    {
        var bytes = BytesNeeded(mono.Length, channels, format);
        if (destination.Length < bytes) throw new ArgumentException($"destination holds {destination.Length} bytes; {mono.Length} frames x {channels} channels of {format} need {bytes}");
        switch (format)
        {
            case SampleFormat.S16:
            {
                var d = MemoryMarshal.Cast<byte, short>(destination);
                for (int i = 0, o = 0; i < mono.Length; i++)
                {
                    var s = (short)MathF.Round(Math.Clamp(mono[i], -1f, 1f) * 32767f);
                    for (var c = 0; c < channels; c++) d[o++] = s;
                }
                break;
            }
            case SampleFormat.S32:
            {
                var d = MemoryMarshal.Cast<byte, int>(destination);
                for (int i = 0, o = 0; i < mono.Length; i++)
                {
                    var s = (int)Math.Round(Math.Clamp((double)mono[i], -1.0, 1.0) * int.MaxValue);
                    for (var c = 0; c < channels; c++) d[o++] = s;
                }
                break;
            }
            default:
            {
                var d = MemoryMarshal.Cast<byte, float>(destination);
                for (int i = 0, o = 0; i < mono.Length; i++)
                {
                    var s = Math.Clamp(mono[i], -1f, 1f);
                    for (var c = 0; c < channels; c++) d[o++] = s;
                }
                break;
            }
        }
        return bytes;
    }
}
