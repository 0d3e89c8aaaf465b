using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>
/// Turns raw ADC readings into <see cref="ControlEvent.SetKnob"/> events: calibration (the
/// knob's measured min/max become 0..1), a moving average against ADC noise, and a dead band so
/// only a real turn sends an event. The end stops snap to exactly 0 and 1. The first reading of
/// each knob is sent, so the instrument starts where the knobs are.
/// </summary>
internal sealed class KnobReader
{
    private const float EndSnap = 0.002f;

    private readonly IKnobSource _source;
    private readonly Knob[] _knobs;
    private readonly int[] _min;
    private readonly int[] _max;
    private readonly int[] _raw;
    private readonly float[] _smoothed;
    private readonly float[] _sent;
    private readonly bool[] _seen;
    private readonly float _deadBand;
    private readonly float _smoothing;

    public KnobReader(IKnobSource source, IReadOnlyList<Knob> knobs, IReadOnlyList<KnobRange>? calibration = null,
        float deadBand = 0.005f, float smoothing = 0.6f)
    {
        if (knobs.Count != source.Count || knobs.Count > 31)
        {
            throw new ArgumentException("One knob per source channel, at most 31.");
        }

        _source = source;
        _knobs = [.. knobs];
        _deadBand = deadBand;
        _smoothing = smoothing;
        _min = new int[_knobs.Length];
        _max = new int[_knobs.Length];
        _raw = new int[_knobs.Length];
        _smoothed = new float[_knobs.Length];
        _sent = new float[_knobs.Length];
        _seen = new bool[_knobs.Length];
        for (int k = 0; k < _knobs.Length; k++)
        {
            _min[k] = 0;
            _max[k] = source.FullScale;
            KnobRange? range = calibration?.FirstOrDefault(r => r.Knob == _knobs[k]);
            if (range is { IsUsable: true })
            {
                _min[k] = range.Min;
                _max[k] = range.Max;
            }
        }
    }

    public string Name => _source.Name;

    public int Count => _knobs.Length;

    public void Initialize() => _source.Initialize();

    /// <summary>Last value sent for knob index <paramref name="k"/> (0..1), NaN before the first reading.</summary>
    public float Value(int k) => _seen[k] ? _sent[k] : float.NaN;

    public void Poll(Action<ControlEvent> sink)
    {
        int updated = _source.Scan(_raw);
        for (int k = 0; k < _knobs.Length; k++)
        {
            if ((updated & (1 << k)) == 0)
            {
                continue;
            }

            float v = Math.Clamp((_raw[k] - _min[k]) / (float)(_max[k] - _min[k]), 0f, 1f);
            _smoothed[k] = _seen[k] ? _smoothing * _smoothed[k] + (1 - _smoothing) * v : v;
            float value = _smoothed[k] < EndSnap ? 0f : _smoothed[k] > 1 - EndSnap ? 1f : _smoothed[k];
            bool endReached = (value == 0f || value == 1f) && value != _sent[k];
            if (!_seen[k] || MathF.Abs(value - _sent[k]) >= _deadBand || endReached)
            {
                _seen[k] = true;
                _sent[k] = value;
                sink(ControlEvent.SetKnob(_knobs[k], value));
            }
        }
    }
}
