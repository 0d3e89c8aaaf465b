namespace NSynthBox.Platform.Latency;

/// <summary>
/// Brightness of a short stretch of audio: the magnitude-weighted mean frequency of a Hann-windowed
/// DFT. Moving the finger between a dull and a bright instrument moves it by hundreds of hertz, so
/// it shows when a timbre change is heard. For measurements, not the audio thread.
/// </summary>
public sealed class SpectralCentroid
{
    private readonly int _size;
    private readonly int _sampleRate;
    private readonly float[] _window;
    private readonly float[] _cos;
    private readonly float[] _sin;

    public SpectralCentroid(int sampleRate, int size = 256)
    {
        _size = size;
        _sampleRate = sampleRate;
        _window = new float[size];
        for (var i = 0; i < size; i++) _window[i] = (float)(0.5 - 0.5 * Math.Cos(2 * Math.PI * i / size));
        _cos = new float[size];
        _sin = new float[size];
        for (var i = 0; i < size; i++)
        {
            _cos[i] = (float)Math.Cos(2 * Math.PI * i / size);
            _sin[i] = (float)Math.Sin(2 * Math.PI * i / size);
        }
    }

    /// <summary>Samples per analysis window.</summary>
    public int Size => _size;

    /// <summary>Centroid in Hz of the window starting at <paramref name="start"/>; 0 for silence.</summary>
    public double Measure(ReadOnlySpan<float> audio, int start)
    {
        var x = audio.Slice(start, _size);
        double weighted = 0, total = 0;
        for (var k = 1; k < _size / 2; k++)
        {
            double re = 0, im = 0;
            var index = 0;
            for (var n = 0; n < _size; n++)
            {
                var v = x[n] * _window[n];
                re += v * _cos[index];
                im -= v * _sin[index];
                index += k;
                if (index >= _size) index -= _size;
            }
            var magnitude = Math.Sqrt(re * re + im * im);
            weighted += magnitude * k * _sampleRate / _size;
            total += magnitude;
        }
        return total > 1e-12 ? weighted / total : 0;
    }
}
