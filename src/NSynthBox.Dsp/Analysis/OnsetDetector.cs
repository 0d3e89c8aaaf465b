namespace NSynthBox.Dsp.Analysis;

/// <summary>
/// Finds note onsets in a level envelope (<see cref="LevelEnvelope"/>): the sound starts where the
/// level first comes within <see cref="StartBelowPeakDb"/> of the peak and <see cref="AboveNoiseDb"/>
/// above the recording's noise floor; a later onset is a rise of at
/// least <see cref="RiseDb"/> within <see cref="RiseFrames"/> frames, counted only once the previous
/// note has passed its own peak (a slow attack is one rise, not several). Good enough to tell one
/// note from several in a recording made to be imported; not a general beat tracker.
/// </summary>
public sealed class OnsetDetector
{
    public double StartBelowPeakDb { get; init; } = 40;
    public double EndBelowPeakDb { get; init; } = 45;
    public double AbsoluteFloorDb { get; init; } = -70;
    /// <summary>The sound starts this far above the recording's noise floor at the least.</summary>
    public double AboveNoiseDb { get; init; } = 12;
    public double RiseDb { get; init; } = 9;
    public int RiseFrames { get; init; } = 8;
    /// <summary>Only rises that reach this close to the peak count as a new note (room noise and bow scrapes do not).</summary>
    public double OnsetBelowPeakDb { get; init; } = 30;
    /// <summary>How far the level must fall from its maximum since the last onset before a new rise counts.</summary>
    public double FallToRearmDb { get; init; } = 1.5;

    /// <summary>The sound's region, or null when nothing rises above the floor.</summary>
    public SoundRegion? Find(IReadOnlyList<double> levels)
    {
        if (levels.Count == 0) return null;
        var peak = levels.Max();
        if (peak < AbsoluteFloorDb) return null;
        // The recording's noise floor (its quietest tenth): hiss or room noise must not count as the note starting.
        var noise = levels.Order().ElementAt(levels.Count / 10);
        var startThreshold = Math.Max(Math.Max(peak - StartBelowPeakDb, AbsoluteFloorDb), Math.Min(noise + AboveNoiseDb, peak - RiseDb));
        var start = 0;
        while (levels[start] < startThreshold) start++;
        var endThreshold = Math.Max(Math.Max(peak - EndBelowPeakDb, AbsoluteFloorDb), Math.Min(noise + AboveNoiseDb / 2, peak - RiseDb));
        var end = levels.Count;
        while (end > start + 1 && levels[end - 1] < endThreshold) end--;

        var onsets = new List<int> { start };
        var armed = false;
        var maxSinceOnset = levels[start];
        for (var i = start + 1; i < end; i++)
        {
            maxSinceOnset = Math.Max(maxSinceOnset, levels[i]);
            if (!armed)
            {
                armed = levels[i] < maxSinceOnset - FallToRearmDb;
                continue;
            }
            var from = Math.Max(start, i - RiseFrames);
            var low = from;
            for (var j = from; j < i; j++)
                if (levels[j] < levels[low]) low = j;
            if (levels[i] - levels[low] >= RiseDb && levels[i] >= peak - OnsetBelowPeakDb)
            {
                // The note starts where the level began to climb, not where the window's lowest point was.
                var rise = i;
                while (rise > low + 1 && levels[rise - 1] < levels[rise]) rise--;
                onsets.Add(rise);
                armed = false;
                maxSinceOnset = levels[i];
            }
        }
        return new SoundRegion(start, end, onsets, peak);
    }
}
