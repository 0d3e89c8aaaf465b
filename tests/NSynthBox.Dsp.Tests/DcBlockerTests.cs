namespace NSynthBox.Dsp.Tests;

public sealed class DcBlockerTests
{
    [Fact]
    public void Removes_dc_and_passes_audio()
    {
        var blocker = new DcBlocker(48000);
        var signal = Enumerable.Range(0, 48000).Select(n => (float)(0.5 + 0.3 * Math.Sin(2 * Math.PI * 440 * n / 48000))).ToArray();
        blocker.Process(signal);

        var settled = signal.AsSpan(24000);
        Assert.Equal(0, settled.ToArray().Average(), 1e-4);
        Assert.Equal(0.3 / Math.Sqrt(2), Signal.Rms(settled), 1e-3);
    }

    [Fact]
    public void Long_silence_after_signal_leaves_no_subnormal_state()
    {
        var blocker = new DcBlocker(48000, cutoffHz: 480);
        var block = Enumerable.Range(0, 4800).Select(n => (float)Math.Sin(n * 0.01)).ToArray();
        blocker.Process(block);
        for (int i = 0; i < 100; i++)
        {
            Array.Clear(block);
            blocker.Process(block);
            Assert.False(float.IsSubnormal(blocker.State));
            Assert.All(block, sample => Assert.False(float.IsSubnormal(sample)));
        }

        Assert.Equal(0f, blocker.State);
    }
}
