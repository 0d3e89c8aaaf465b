using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>
/// The copper grid on an MPR121: 6 row strips and 6 column strips. Each axis' position is the
/// signal-weighted centroid (signal = baseline - filtered) of the strongest strip and its two
/// neighbours, so a finger between two strips lands between them: the resolution is much finer
/// than the strip pitch. Rows are listed top to bottom, columns left to right; x = 0 is the
/// centre of the first column, x = 1 the centre of the last.
/// </summary>
public sealed class TouchGrid : ITouchInput
{
    private readonly Mpr121 _sensor;
    private readonly int[] _rows;
    private readonly int[] _columns;
    private readonly TouchOptions _options;
    private readonly TouchTracker _tracker;
    private readonly ushort[] _filtered = new ushort[Mpr121.ElectrodeCount];
    private readonly ushort[] _baselines = new ushort[Mpr121.ElectrodeCount];
    private bool _touching;

    public TouchGrid(Mpr121 sensor, IReadOnlyList<int> rowElectrodes, IReadOnlyList<int> columnElectrodes, TouchOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(sensor);
        _sensor = sensor;
        _rows = Validate(rowElectrodes, nameof(rowElectrodes));
        _columns = Validate(columnElectrodes, nameof(columnElectrodes));
        _options = options ?? new TouchOptions();
        _tracker = new TouchTracker(_options);
    }

    public string Name => _sensor.Name;

    /// <summary>A finger is on the grid (after hysteresis).</summary>
    public bool Touching => _tracker.Touching;

    /// <summary>Last (smoothed) position, 0..1 left to right.</summary>
    public float X => _tracker.X;

    /// <summary>Last (smoothed) position, 0..1 top to bottom.</summary>
    public float Y => _tracker.Y;

    public void Initialize() => _sensor.Initialize();

    /// <summary>Reads the sensor once and sends a Position2D event when the finger moved.</summary>
    public void Poll(Action<ControlEvent> sink)
    {
        _sensor.ReadSignals(_filtered, _baselines);

        float y = Axis(_rows, out int rowPeak);
        float x = Axis(_columns, out int columnPeak);
        int weakest = Math.Min(rowPeak, columnPeak);
        _touching = _touching ? weakest >= _options.TouchOffThreshold : weakest >= _options.TouchOnThreshold;
        _tracker.Update(_touching, x, y, sink);
    }

    /// <summary>Centroid along one axis in 0..1, and the strongest signal on it.</summary>
    private float Axis(int[] electrodes, out int peakSignal)
    {
        int peak = 0;
        peakSignal = int.MinValue;
        for (int i = 0; i < electrodes.Length; i++)
        {
            int s = Signal(electrodes[i]);
            if (s > peakSignal)
            {
                peakSignal = s;
                peak = i;
            }
        }

        float weighted = 0;
        float total = 0;
        int from = Math.Max(0, peak - 1);
        int to = Math.Min(electrodes.Length - 1, peak + 1);
        for (int i = from; i <= to; i++)
        {
            int s = Math.Max(0, Signal(electrodes[i]) - _options.NoiseFloor);
            weighted += i * s;
            total += s;
        }

        float index = total > 0 ? weighted / total : peak;
        return electrodes.Length > 1 ? index / (electrodes.Length - 1) : 0.5f;
    }

    private int Signal(int electrode) => _baselines[electrode] - _filtered[electrode];

    private static int[] Validate(IReadOnlyList<int> electrodes, string name)
    {
        ArgumentNullException.ThrowIfNull(electrodes, name);
        if (electrodes.Count < 2)
        {
            throw new ArgumentException("An axis needs at least two electrodes.", name);
        }

        var result = new int[electrodes.Count];
        for (int i = 0; i < result.Length; i++)
        {
            if (electrodes[i] is < 0 or >= Mpr121.ElectrodeCount)
            {
                throw new ArgumentOutOfRangeException(name, $"Electrode {electrodes[i]} does not exist on an MPR121 (0..11).");
            }

            result[i] = electrodes[i];
        }

        return result;
    }
}
