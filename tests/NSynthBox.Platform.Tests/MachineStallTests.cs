using NSynthBox.Platform.Latency;

namespace NSynthBox.Platform.Tests;

public sealed class MachineStallTests
{
    [Fact]
    public void Steal_time_is_read_from_the_cpu_line_of_proc_stat()
    {
        using var dir = new TempDirectory();
        var path = dir.File("stat");
        File.WriteAllText(path, "cpu  984896 1170452 639966 1506106 5845 0 3013 2782 0 0\ncpu0 1 2 3 4 5 6 7 1391 0 0\nintr 1\n");
        Assert.Equal(27.82, StealTime.Read(path), 6);
        Assert.Equal(0, StealTime.Read(dir.File("missing")));
    }

    [Fact]
    public void A_glitch_is_the_machines_when_a_stall_overlaps_its_window()
    {
        (long, long)[] stalls = [(100, 300), (1000, 1200)];
        Assert.True(StallProbe.Overlaps(stalls, 250, 400));   // the stall ended inside the window
        Assert.True(StallProbe.Overlaps(stalls, 900, 1100));  // it began inside it
        Assert.True(StallProbe.Overlaps(stalls, 1050, 1060)); // the window lies inside a stall
        Assert.False(StallProbe.Overlaps(stalls, 400, 900));
    }

    [Fact]
    public void Probe_threads_watch_every_cpu_and_stop()
    {
        var probe = new StallProbe(realtimePriority: 0, TimeSpan.FromMilliseconds(1));
        Thread.Sleep(50);
        probe.Dispose();
        Assert.False(probe.Realtime);
        Assert.All(probe.Stalls, s => Assert.True(s.End - s.Start > 0));
    }
}
