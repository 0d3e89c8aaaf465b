namespace NSynthBox.Hardware;

/// <summary>What a Trill sensor reports at its data offset.</summary>
public enum TrillMode : byte
{
    /// <summary>Touch positions and sizes computed on the sensor (what a Square needs for XY).</summary>
    Centroid = 0,
    Raw = 1,
    Baseline = 2,
    Differential = 3,
}
