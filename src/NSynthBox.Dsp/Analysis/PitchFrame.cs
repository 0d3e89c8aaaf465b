namespace NSynthBox.Dsp.Analysis;

/// <summary>
/// One analysis frame of a pitch track: its start (seconds), the fundamental found (Hz, 0 when none)
/// and YIN's aperiodicity at that period (0 = perfectly periodic, near 1 = noise).
/// </summary>
public readonly record struct PitchFrame(double Seconds, double Hz, double Aperiodicity)
{
    public bool Voiced => Hz > 0;
}
