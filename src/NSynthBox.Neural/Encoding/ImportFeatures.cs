namespace NSynthBox.Neural.Encoding;

/// <summary>
/// The encoder's view of a recorded note: band powers in dB over the first second, frame by frame
/// (the recipe is in <see cref="EncoderSpec"/> and models/pipeline/encoder.py, which this matches).
/// </summary>
public sealed class ImportFeatures
{
    private readonly EncoderSpec _spec;
    private readonly Fft _fft;
    private readonly double[] _window;
    private readonly int[] _bandOfBin;
    private readonly double _powerScale;

    public ImportFeatures(EncoderSpec spec)
    {
        _spec = spec;
        _fft = new Fft(spec.FftSize);
        _window = new double[spec.FftSize];
        var sumSquares = 0.0;
        for (var i = 0; i < spec.FftSize; i++)
        {
            _window[i] = 0.5 - 0.5 * Math.Cos(2 * Math.PI * i / spec.FftSize);
            sumSquares += _window[i] * _window[i];
        }
        _powerScale = 1.0 / (spec.FftSize / 2.0 * sumSquares);
        _bandOfBin = new int[spec.FftSize / 2 + 1];
        for (var k = 0; k < _bandOfBin.Length; k++) _bandOfBin[k] = BandOf((double)k * spec.SampleRate / spec.FftSize, spec.BandEdgesHz);
    }

    public int Frames => _spec.Frames;
    public int Bands => _spec.Bands;

    /// <summary>Index of the band holding this frequency, -1 outside the bands.</summary>
    public static int BandOf(double hz, double[] edges)
    {
        if (hz < edges[0] || hz >= edges[^1]) return -1;
        var i = Array.BinarySearch(edges, hz);
        return i >= 0 ? i : ~i - 1;
    }

    /// <summary>[Frames * Bands] dB, row-major by frame, of a note at the model's sample rate starting at its onset.</summary>
    public float[] Compute(ReadOnlySpan<float> samples)
    {
        var n = _spec.FftSize;
        var re = new double[n];
        var im = new double[n];
        var bands = new double[_spec.Bands];
        var result = new float[_spec.Frames * _spec.Bands];
        for (var frame = 0; frame < _spec.Frames; frame++)
        {
            var start = frame * _spec.Hop;
            for (var i = 0; i < n; i++)
            {
                var s = start + i;
                re[i] = s < samples.Length ? samples[s] * _window[i] : 0.0;
                im[i] = 0.0;
            }
            _fft.Forward(re, im);
            Array.Clear(bands);
            for (var k = 0; k < _bandOfBin.Length; k++)
            {
                var band = _bandOfBin[k];
                if (band >= 0) bands[band] += (re[k] * re[k] + im[k] * im[k]) * _powerScale;
            }
            for (var b = 0; b < _spec.Bands; b++) result[frame * _spec.Bands + b] = (float)(10 * Math.Log10(bands[b] + 1e-10));
        }
        return result;
    }
}
