namespace NSynthBox.Web.Tests;

public sealed class ThreadCpuMeterTests
{
    [Fact]
    public async Task Reads_the_cpu_share_of_a_named_busy_thread()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(new ThreadCpuMeter("anything").Read());
            return;
        }
        var stop = false;
        var spinner = new Thread(() =>
        {
            while (!Volatile.Read(ref stop)) Thread.SpinWait(1000);
        }) { IsBackground = true, Name = "test-cpu-spinner-with-a-long-name" };
        spinner.Start();
        try
        {
            var meter = new ThreadCpuMeter("test-cpu-spinner-with-a-long-name", TimeSpan.FromMilliseconds(100));
            await Task.Delay(50);
            Assert.Null(meter.Read()); // the first reading only starts the clock
            await Task.Delay(400);
            var share = meter.Read();
            Assert.NotNull(share);
            Assert.InRange(share.Value, 0.05, 1.2); // a spinning thread, on a shared machine
        }
        finally
        {
            Volatile.Write(ref stop, true);
            spinner.Join();
        }
    }

    [Fact]
    public void A_thread_that_does_not_exist_reads_as_unknown()
    {
        var meter = new ThreadCpuMeter("no-such-thread");
        Assert.Null(meter.Read());
        Assert.Null(meter.Read());
    }
}
