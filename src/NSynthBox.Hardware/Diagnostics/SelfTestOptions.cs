namespace NSynthBox.Hardware;

/// <summary>Knobs of the self-test itself.</summary>
public sealed record SelfTestOptions
{
    /// <summary>Wait after resetting the MPR121 so its auto-configuration and filters settle.</summary>
    public TimeSpan TouchSettleTime { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Readings per knob, to spot a wiper that floats (readings that jump around).</summary>
    public int KnobSamples { get; init; } = 8;

    /// <summary>Touch baselines from the last calibration, to spot a strip that changed since.</summary>
    public PanelCalibration? Calibration { get; init; }

    /// <summary>Signal (baseline - filtered) above which an electrode counts as touched.</summary>
    public int TouchedSignal { get; init; } = 10;
}
