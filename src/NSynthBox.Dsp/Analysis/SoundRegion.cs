namespace NSynthBox.Dsp.Analysis;

/// <summary>
/// Where the sound in a recording is, in level-envelope frames: its first onset (<see cref="Start"/>),
/// the last frame still above the tail threshold (<see cref="End"/>, exclusive), every onset found
/// (the first included) and the loudest frame's level.
/// </summary>
public sealed record SoundRegion(int Start, int End, IReadOnlyList<int> Onsets, double PeakDb)
{
    public int Length => End - Start;
}
