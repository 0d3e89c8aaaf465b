using System.Globalization;

namespace NSynthBox.Platform.Latency;

/// <summary>What a long dense performance on a sink left behind: late control frames, underruns and memory.</summary>
public sealed record SoakReport(
    string Sink,
    TimeSpan Duration,
    int Voices,
    long NotesPlayed,
    long Periods,
    long LateFrames,
    long Underruns,
    long ManagedBytesAfterWarmUp,
    long ManagedBytesAtEnd,
    long WorkingSetAfterWarmUp,
    long WorkingSetAtEnd,
    int Gen0Collections,
    int Gen1Collections,
    int Gen2Collections)
{
    /// <summary>The machine's stalls seen by a <see cref="StallProbe"/> and the glitches they explain (null without a probe).</summary>
    public MachineStalls? Stalls { get; init; }

    /// <summary>Of <see cref="Underruns"/>, those right after the audio thread woke over half a period late (the machine's scheduling, not a slow render).</summary>
    public long UnderrunsAfterLateWakeup { get; init; }

    /// <summary>CPU time the hypervisor gave to others while this machine wanted it (/proc/stat "steal"), all CPUs; 0 where /proc/stat has none.</summary>
    public double StealSeconds { get; init; }

    public string ToText() => string.Create(CultureInfo.InvariantCulture,
        $"""
        sink: {Sink}
        {Duration.TotalSeconds:0} s of {Voices}-voice chords every 250 ms with the finger circling the grid and jumping across it at each chord: {NotesPlayed} notes, {Periods} periods
        late control frames: {LateFrames}   underruns: {Underruns} ({UnderrunsAfterLateWakeup} right after the audio thread woke over half a period late, {Underruns - UnderrunsAfterLateWakeup} after a slow period)
        {StallsText()}
        managed heap after warm-up {ManagedBytesAfterWarmUp / 1048576.0:0.0} MiB, at the end {ManagedBytesAtEnd / 1048576.0:0.0} MiB; working set {WorkingSetAfterWarmUp / 1048576.0:0.0} -> {WorkingSetAtEnd / 1048576.0:0.0} MiB
        collections: gen0 {Gen0Collections}, gen1 {Gen1Collections}, gen2 {Gen2Collections}

        """);

    private string StallsText()
    {
        var steal = string.Create(CultureInfo.InvariantCulture, $"; CPU time stolen by the hypervisor: {StealSeconds * 1000:0} ms");
        if (Stalls is not { } m) return "machine stalls: not watched" + steal;
        return string.Create(CultureInfo.InvariantCulture,
            $"machine stalls: {m.Count} (a probe thread per CPU{(m.ProbeRealtime ? " at the audio thread's real-time priority" : ", without real-time priority,")} woke over {m.ThresholdMs:0.#} ms late; longest {m.LongestMs:0.0} ms){steal}\n"
            + $"  during them: {m.LateFramesDuring} late frames, {m.UnderrunsDuring} underruns; not explained by a stall: {LateFrames - m.LateFramesDuring} late frames, {Underruns - m.UnderrunsDuring} underruns");
    }
}

/// <summary>Stalls of the machine itself during a soak, and the late frames and underruns that came with them.</summary>
public sealed record MachineStalls(int Count, double LongestMs, double ThresholdMs, bool ProbeRealtime, long LateFramesDuring, long UnderrunsDuring);
