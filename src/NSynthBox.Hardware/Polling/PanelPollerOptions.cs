namespace NSynthBox.Hardware;

/// <summary>Rates and feel of the panel.</summary>
public sealed record PanelPollerOptions
{
    public double TouchRateHz { get; init; } = 200;

    public double KnobRateHz { get; init; } = 100;

    /// <summary>Encoders are polled (not interrupt driven): fast enough for a quick EC11 turn.</summary>
    public double EncoderRateHz { get; init; } = 1000;

    public TouchOptions Touch { get; init; } = new();

    /// <summary>Smallest knob change (0..1) that is sent.</summary>
    public float KnobDeadBand { get; init; } = 0.005f;

    /// <summary>Weight of the previous knob reading in its moving average (0 = none).</summary>
    public float KnobSmoothing { get; init; } = 0.6f;

    /// <summary>Holding an encoder's push this long saves a patch.</summary>
    public TimeSpan HoldTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>First retry after a chip stops answering; doubles up to <see cref="RetryMax"/>.</summary>
    public TimeSpan RetryMin { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A chip that came back is reported back once it has answered this long (a loose wire is reported once, not per dropout).</summary>
    public TimeSpan RecoveredAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Instrument of each corner at start (default 0, 1, 2, 3).</summary>
    public IReadOnlyList<int>? InitialInstruments { get; init; }
}
