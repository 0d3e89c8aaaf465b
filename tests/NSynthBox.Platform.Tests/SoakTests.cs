using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using NSynthBox.Engine;
using NSynthBox.Platform.Control;
using NSynthBox.Platform.Midi;
using NSynthBox.Tests.Shared;
using Xunit.Abstractions;

namespace NSynthBox.Platform.Tests;

/// <summary>Runs alone, after the other tests: it measures the process's heap, descriptors and threads.</summary>
[CollectionDefinition(nameof(SoakCollection), DisableParallelization = true)]
public sealed class SoakCollection;

/// <summary>
/// The whole live box ('nsynthbox run' wiring, in-process) played hard on the paced null sink:
/// randomized dense MIDI through a raw MIDI FIFO (notes, velocities, bends, the CC map's X/Y),
/// finger moves at 100 Hz, corner changes and patch saves and recalls. CI runs 60 s
/// (NSYNTHBOX_SOAK_SECONDS sets another length: 1800 for the half-hour run in docs/RELIABILITY.md).
/// </summary>
/// <remarks>
/// What is asserted and why: nothing logged at Error or above and no exception from any thread (the box
/// survived); the engine still answers a note at the end; the managed heap after the run is within
/// 1 MiB of the heap after warm-up, open file descriptors are no more (the process's, runtime's included: one
/// open at warm-up may be closed by the end) and the box's threads (not the runtime's own) exactly as many
/// (nothing leaks per note, save or corner change). Late control frames and underruns
/// are reported, not held to zero: on this shared 2-core CI machine the scheduler alone causes them
/// (measured: 32 late frames and 47 underruns in 5757 periods at a load average of 15). The test fails
/// above one late frame in 10 control frames or one underrun in 10 periods: a control worker that died
/// or stalled makes every frame late, and an engine too slow for real time misses most of them, while an
/// overloaded machine stays around 1 %. The counts are printed for the record.
/// </remarks>
[Collection(nameof(SoakCollection))]
public sealed class SoakTests(ITestOutputHelper output)
{
    private sealed class CountingLoggerFactory(ListLogger logger) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName) => logger;
        public void AddProvider(ILoggerProvider provider) { }
        public void Dispose() { }
    }

    /// <summary>Live managed bytes after a full compacting collection.</summary>
    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return info.HeapSizeBytes - info.FragmentedBytes;
    }

    private static int Descriptors() => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    /// <summary>Threads other than the runtime's (pools, background GC), which come and go on their own: the box's own threads.</summary>
    private static string[] OwnThreads() =>
        [.. Directory.GetDirectories("/proc/self/task")
            .Select(t => { try { return File.ReadAllText(Path.Combine(t, "comm")).Trim(); } catch (IOException) { return ""; } })
            // The runtime's own (".NET TP Worker", ".NET BGC", ".NET Tiered Compilation"...) come and go with load.
            .Where(n => n.Length > 0 && !n.StartsWith(".NET ", StringComparison.Ordinal))
            .Order()];

    [Fact]
    public void Box_survives_dense_random_playing_without_leaking()
    {
        var seconds = double.Parse(Environment.GetEnvironmentVariable("NSYNTHBOX_SOAK_SECONDS") ?? "60", CultureInfo.InvariantCulture);
        var duration = TimeSpan.FromSeconds(seconds);
        var warmUp = TimeSpan.FromSeconds(Math.Min(15, seconds / 4));
        using var dir = new TempDirectory();
        Fifo.Create(dir.File("midi"));
        var log = new ListLogger();
        var config = BoxConfigReader.Load(null, new Dictionary<string, string?>
        {
            ["Audio:Sink"] = "null", ["Audio:PeriodFrames"] = "128", ["Audio:Periods"] = "2", ["Audio:RealtimePriority"] = "0", ["Audio:LockMemory"] = "false",
            ["Midi:Sequencer"] = "false", ["Midi:Inputs:0"] = dir.File("midi"), ["Engine:Polyphony"] = "16",
            ["Panel:Mode"] = "none", ["State:Directory"] = dir.File("state"), ["Model:Path"] = RepoPaths.Model,
        }, defaultPath: null);
        var errors = new List<Exception>();
        UnhandledExceptionEventHandler unhandled = (_, e) => { lock (errors) errors.Add((Exception)e.ExceptionObject); };
        EventHandler<UnobservedTaskExceptionEventArgs> unobserved = (_, e) => { lock (errors) errors.Add(e.Exception); };
        AppDomain.CurrentDomain.UnhandledException += unhandled;
        TaskScheduler.UnobservedTaskException += unobserved;
        var random = new Random(11);
        long notes = 0, saves = 0, corners = 0, moves = 0;
        try
        {
            using var box = LiveBox.Create(config, new CountingLoggerFactory(log));
            var peak = 0f;
            box.Sink.Tap = (mono, _, _) =>
            {
                foreach (var s in mono) peak = MathF.Max(peak, MathF.Abs(s));
            };
            box.Start();
            var input = (RawMidiInput)box.Inputs.Single();
            Assert.True(Wait.Until(() => input.IsOpen && box.Sink.Metrics.Periods > 20));
            using var midi = Fifo.OpenWriter(dir.File("midi"));
            var held = new List<int>();
            var bytes = new List<byte>();
            var clock = Stopwatch.StartNew();
            var nextMove = TimeSpan.Zero;
            var nextSave = TimeSpan.FromSeconds(1);
            var nextCorner = TimeSpan.FromMilliseconds(700);
            (long Heap, int Fds, string[] Threads, long Late, long Underruns, long Periods)? warm = null;
            while (clock.Elapsed < duration)
            {
                var now = clock.Elapsed;
                if (warm is null && now >= warmUp)
                {
                    warm = (Heap(), Descriptors(), OwnThreads(), box.Engine.LateFrames, box.Sink.Metrics.Underruns, box.Sink.Metrics.Periods);
                }
                // MIDI: a burst of 1-6 random messages every few milliseconds, as a keyboard player with the sustain down might send.
                bytes.Clear();
                for (var m = random.Next(1, 7); m > 0; m--)
                {
                    var channel = random.Next(2);
                    switch (random.Next(10))
                    {
                        case < 5 when held.Count < 24:
                            var note = random.Next(24, 108);
                            held.Add(note);
                            bytes.AddRange([(byte)(0x90 | channel), (byte)note, (byte)random.Next(1, 128)]);
                            notes++;
                            break;
                        case < 8 when held.Count > 0:
                            var i = random.Next(held.Count);
                            bytes.AddRange([(byte)(0x80 | channel), (byte)held[i], 64]);
                            held.RemoveAt(i);
                            break;
                        case 8:
                            var bend = random.Next(16384);
                            bytes.AddRange([(byte)(0xE0 | channel), (byte)(bend & 0x7F), (byte)(bend >> 7)]);
                            break;
                        default:
                            bytes.AddRange([(byte)(0xB0 | channel), (byte)(16 + random.Next(2)), (byte)random.Next(128)]); // X or Y by the CC map
                            break;
                    }
                }
                midi.Write(bytes.ToArray());
                if (now >= nextMove)
                {
                    var angle = 2 * Math.PI * now.TotalSeconds / 3;
                    box.Hub.Post(ControlEvent.Position2D((float)(0.5 + 0.45 * Math.Cos(angle)), (float)(0.5 + 0.45 * Math.Sin(2 * angle))), ControlSource.Panel);
                    moves++;
                    nextMove += TimeSpan.FromMilliseconds(10);
                }
                if (now >= nextCorner)
                {
                    box.Hub.Post(ControlEvent.SetCorner(random.Next(4), random.Next(box.Model.Instruments.Count)), ControlSource.Panel);
                    corners++;
                    nextCorner += TimeSpan.FromMilliseconds(random.Next(200, 900));
                }
                if (now >= nextSave)
                {
                    var slot = random.Next(8);
                    box.Hub.Post(random.Next(3) == 0 ? ControlEvent.RecallPatch(slot) : ControlEvent.SavePatch(slot), ControlSource.Panel);
                    saves++;
                    nextSave += TimeSpan.FromMilliseconds(random.Next(300, 1500));
                }
                Thread.Sleep(random.Next(1, 6));
            }
            midi.Write([0xB0, 123, 0, 0xB1, 123, 0]); // all notes off on both channels
            Thread.Sleep(500);
            var end = (Heap: Heap(), Fds: Descriptors(), Threads: OwnThreads(),
                Late: box.Engine.LateFrames, Underruns: box.Sink.Metrics.Underruns, Periods: box.Sink.Metrics.Periods);

            // Still playing: a note now is heard.
            peak = 0;
            midi.Write([0x90, 60, 100]);
            Assert.True(Wait.Until(() => peak > 0.01f), "the box no longer plays a note after the soak");
            midi.Write([0x80, 60, 0]);
            box.Stop();

            Assert.NotNull(warm);
            var w = warm.Value;
            var periods = end.Periods - w.Periods;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{seconds:0} s soak (warm-up {warmUp.TotalSeconds:0} s), load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}: {notes} notes, {moves} finger moves, {corners} corner changes, {saves} patch saves/recalls, " +
                $"{periods} periods after warm-up; late control frames {end.Late - w.Late}, underruns {end.Underruns - w.Underruns}; " +
                $"managed heap {w.Heap / 1024.0:0} -> {end.Heap / 1024.0:0} KiB; descriptors {w.Fds} -> {end.Fds}; box threads {w.Threads.Length} -> {end.Threads.Length}"));

            // Half of real time: a stalled audio path plays next to nothing; a machine at load 19 still played 86 %.
            Assert.True(periods > 0.5 * 375 * (duration - warmUp).TotalSeconds, $"{periods} periods: the audio did not keep flowing");
            var frames = periods * 128 / box.Engine.Hop;
            Assert.True(end.Late - w.Late < frames / 10, $"{end.Late - w.Late} late control frames of {frames}: the engine is not keeping up");
            Assert.True(end.Underruns - w.Underruns < periods / 10, $"{end.Underruns - w.Underruns} underruns in {periods} periods: the audio is not keeping up");
            Assert.True(end.Heap - w.Heap < 1 << 20, $"managed heap grew {(end.Heap - w.Heap) / 1024} KiB after warm-up");
            // The whole process's descriptors: one open at the warm-up snapshot (a patch being saved, the
            // runtime's own) can be closed by the end, so only growth is a leak (a run read 218 -> 217).
            Assert.True(end.Fds <= w.Fds, $"open descriptors grew {w.Fds} -> {end.Fds} after warm-up");
            Assert.Equal(w.Threads, end.Threads);
            Assert.True(Directory.GetFiles(dir.File("state"), "patch-*.json").Length > 0, "no patch was saved");
        }
        finally
        {
            AppDomain.CurrentDomain.UnhandledException -= unhandled;
            TaskScheduler.UnobservedTaskException -= unobserved;
        }
        Assert.Empty(errors);
        Assert.DoesNotContain(log.Lines, l => l.StartsWith("Error", StringComparison.Ordinal) || l.StartsWith("Critical", StringComparison.Ordinal));
    }
}
