namespace NSynthBox.Midi;

/// <summary>
/// Converts between file ticks and seconds, following tempo changes. Before the first
/// tempo change the tempo is 120 bpm (500000 us per quarter note), as the SMF spec says.
/// With an SMPTE division ticks are a fixed fraction of a second and tempo is ignored.
/// </summary>
public sealed class TempoMap
{
    public const int DefaultMicrosecondsPerQuarterNote = 500_000;

    private readonly MidiTimeDivision _division;

    // Segments of constant tempo, sorted by start tick (strictly increasing).
    private readonly long[] _startTicks;
    private readonly double[] _startSeconds;
    private readonly int[] _microsecondsPerQuarter;

    public TempoMap(MidiTimeDivision division, IEnumerable<TempoChangeEvent> tempoChanges)
    {
        ArgumentNullException.ThrowIfNull(tempoChanges);
        MidiTimeDivision.ThrowIfInvalid(division, nameof(division));
        _division = division;
        var ticks = new List<long> { 0 };
        var seconds = new List<double> { 0 };
        var tempos = new List<int> { DefaultMicrosecondsPerQuarterNote };

        // OrderBy is stable, so of several changes at one tick the last one wins.
        foreach (var change in tempoChanges.OrderBy(c => c.Tick))
        {
            int last = ticks.Count - 1;
            if (change.Tick == ticks[last])
            {
                tempos[last] = change.MicrosecondsPerQuarterNote;
                continue;
            }

            seconds.Add(seconds[last] + SegmentSeconds(change.Tick - ticks[last], tempos[last]));
            ticks.Add(change.Tick);
            tempos.Add(change.MicrosecondsPerQuarterNote);
        }

        _startTicks = [.. ticks];
        _startSeconds = [.. seconds];
        _microsecondsPerQuarter = [.. tempos];
    }

    /// <summary>A map from the tempo changes in all tracks (formats 0 and 1 share one tempo).</summary>
    public static TempoMap FromFile(MidiFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Format == 2)
        {
            throw new NotSupportedException("Format 2 tracks are independent sequences with their own tempo; build a TempoMap per track.");
        }

        return new TempoMap(file.Division, file.Tracks.SelectMany(t => t.Events).OfType<TempoChangeEvent>());
    }

    public double TicksToSeconds(long tick)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tick);
        if (_division.IsSmpte)
        {
            return tick * _division.SmpteSecondsPerTick;
        }

        int i = SegmentIndex(Array.BinarySearch(_startTicks, tick));
        return _startSeconds[i] + SegmentSeconds(tick - _startTicks[i], _microsecondsPerQuarter[i]);
    }

    /// <summary>Fractional ticks at a time; round or floor as the caller needs.</summary>
    public double SecondsToTicks(double seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        if (_division.IsSmpte)
        {
            return seconds / _division.SmpteSecondsPerTick;
        }

        int i = SegmentIndex(Array.BinarySearch(_startSeconds, seconds));
        return _startTicks[i] + ((seconds - _startSeconds[i]) * 1e6 * _division.TicksPerQuarterNote / _microsecondsPerQuarter[i]);
    }

    /// <summary>Tempo in effect at a tick (ignored by playback with an SMPTE division).</summary>
    public int MicrosecondsPerQuarterNoteAt(long tick)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(tick);
        return _microsecondsPerQuarter[SegmentIndex(Array.BinarySearch(_startTicks, tick))];
    }

    // BinarySearch gives the exact index or the complement of the next larger one;
    // we want the segment that starts at or before the value.
    private static int SegmentIndex(int searchResult) => searchResult >= 0 ? searchResult : ~searchResult - 1;

    private double SegmentSeconds(long ticks, int microsecondsPerQuarter) =>
        _division.IsSmpte ? 0 : ticks * (double)microsecondsPerQuarter / (1e6 * _division.TicksPerQuarterNote);
}
