namespace NSynthBox.Hardware;

/// <summary>How a touch surface turns raw readings into <see cref="NSynthBox.Engine.ControlEvent.Position2D"/> events.</summary>
public sealed record TouchOptions
{
    /// <summary>
    /// Strongest row and strongest column signal (baseline - filtered, in MPR121 counts) needed to
    /// start a touch.
    /// </summary>
    public int TouchOnThreshold { get; init; } = 10;

    /// <summary>A touch ends when the strongest row or column falls below this (hysteresis; lower than on).</summary>
    public int TouchOffThreshold { get; init; } = 5;

    /// <summary>Counts subtracted from each electrode's signal before the centroid, so noise on far electrodes does not pull it.</summary>
    public int NoiseFloor { get; init; } = 2;

    /// <summary>0 = no smoothing; towards 1 = heavier. Weight of the previous position in the moving average.</summary>
    public float Smoothing { get; init; } = 0.5f;

    /// <summary>Smallest move (in 0..1 units) that is sent as a new position.</summary>
    public float MinimumMove { get; init; } = 0.002f;

    /// <summary>When the finger lifts, keep the last position (true) or send the rest position.</summary>
    public bool KeepPositionOnLift { get; init; } = true;

    /// <summary>Where the position goes on lift when <see cref="KeepPositionOnLift"/> is false.</summary>
    public float RestX { get; init; } = 0.5f;

    /// <summary>Where the position goes on lift when <see cref="KeepPositionOnLift"/> is false.</summary>
    public float RestY { get; init; } = 0.5f;
}
