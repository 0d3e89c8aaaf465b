namespace NSynthBox.Hardware;

/// <summary>
/// The calibration routine behind <c>nsynthbox calibrate</c>: while the maker turns every knob
/// from end to end, call <see cref="SampleKnobs"/> repeatedly (e.g. every 10 ms) to record each
/// knob's lowest and highest reading; then, hands off the pad, <see cref="CaptureTouchBaselines"/>;
/// then save <see cref="Result"/>.
/// </summary>
public sealed class Calibrator : IDisposable
{
    private readonly PanelConfig _config;
    private readonly IBusFactory _buses;
    private readonly KnobAdcReader? _knobs;
    private readonly int[] _min;
    private readonly int[] _max;
    private int[] _baselines = [];

    /// <exception cref="BusNotFoundException">The knobs' bus is not enabled (the message names the device and how to enable it).</exception>
    public Calibrator(PanelConfig config, IBusFactory buses)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(buses);
        _config = config;
        _buses = buses;
        _min = Enumerable.Repeat(int.MaxValue, config.Knobs.Count).ToArray();
        _max = Enumerable.Repeat(int.MinValue, config.Knobs.Count).ToArray();
        if (config.KnobAdc != KnobAdcKind.None && config.Knobs.Count > 0)
        {
            _knobs = new KnobAdcReader(config, buses);
        }
    }

    /// <summary>Time for the MPR121 to settle after its reset before baselines are read.</summary>
    internal TimeSpan TouchSettleTime { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Ranges seen so far (Min &gt; Max for a knob not read yet).</summary>
    public IReadOnlyList<KnobRange> KnobRanges =>
        [.. _config.Knobs.Select((k, i) => new KnobRange(k.Knob, _min[i], _max[i]))];

    /// <summary>Knobs not yet turned across most of their travel.</summary>
    public IReadOnlyList<KnobInput> KnobsNotTurnedFully =>
        [.. _config.Knobs.Where((k, i) => _max[i] - _min[i] < (_knobs?.FullScale ?? 0) * 3 / 4)];

    /// <summary>Reads every knob once and widens its recorded range.</summary>
    /// <exception cref="IOException">The ADC does not answer (the message names it).</exception>
    public void SampleKnobs()
    {
        if (_knobs is null)
        {
            return;
        }

        for (int i = 0; i < _config.Knobs.Count; i++)
        {
            int raw = _knobs.Read(_config.Knobs[i]);
            _min[i] = Math.Min(_min[i], raw);
            _max[i] = Math.Max(_max[i], raw);
        }
    }

    /// <summary>
    /// Resets the MPR121 and averages its 12 baselines over <paramref name="samples"/> reads
    /// (nobody may touch the pad). Trill sensors keep their own baseline: nothing to record.
    /// </summary>
    public IReadOnlyList<int> CaptureTouchBaselines(int samples = 16)
    {
        if (_config.TouchSensor != TouchSensorKind.Mpr121)
        {
            return _baselines = [];
        }

        using var device = _buses.OpenI2c(_config.I2cBus, _config.Mpr121Address);
        var mpr = new Mpr121(device);
        try
        {
            mpr.Initialize();
        }
        catch (IOException e) when (e is not ChipException)
        {
            throw new ChipException(mpr.Name, WiringAdvice.I2cNoAnswer(_config, "MPR121", _config.Mpr121Address), e);
        }

        Thread.Sleep(TouchSettleTime);
        var sum = new long[Mpr121.ElectrodeCount];
        Span<ushort> filtered = stackalloc ushort[Mpr121.ElectrodeCount];
        Span<ushort> baselines = stackalloc ushort[Mpr121.ElectrodeCount];
        for (int s = 0; s < samples; s++)
        {
            mpr.ReadSignals(filtered, baselines);
            for (int e = 0; e < Mpr121.ElectrodeCount; e++)
            {
                sum[e] += baselines[e];
            }

            Thread.Sleep(TouchSettleTime / 50);
        }

        _baselines = [.. sum.Select(total => (int)Math.Round(total / (double)samples))];
        return _baselines;
    }

    /// <summary>The calibration to save. Knobs that were not turned end to end keep the ADC's full range when used.</summary>
    public PanelCalibration Result() => new()
    {
        Board = _config.Board,
        Created = DateTimeOffset.UtcNow,
        Knobs = [.. KnobRanges.Where(r => r.Min <= r.Max)],
        TouchBaselines = _baselines,
    };

    public void Dispose() => _knobs?.Dispose();
}
