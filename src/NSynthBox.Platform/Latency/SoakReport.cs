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
    public string ToText() => string.Create(CultureInfo.InvariantCulture,
        $"""
        sink: {Sink}
        {Duration.TotalSeconds:0} s of {Voices}-voice chords every 250 ms with the finger circling the grid: {NotesPlayed} notes, {Periods} periods
        late control frames: {LateFrames}   underruns: {Underruns}
        managed heap after warm-up {ManagedBytesAfterWarmUp / 1048576.0:0.0} MiB, at the end {ManagedBytesAtEnd / 1048576.0:0.0} MiB; working set {WorkingSetAfterWarmUp / 1048576.0:0.0} -> {WorkingSetAtEnd / 1048576.0:0.0} MiB
        collections: gen0 {Gen0Collections}, gen1 {Gen1Collections}, gen2 {Gen2Collections}

        """);
}
