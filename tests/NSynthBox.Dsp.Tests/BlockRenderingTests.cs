namespace NSynthBox.Dsp.Tests;

public sealed class BlockRenderingTests
{
    [Theory]
    [InlineData(64, false)]
    [InlineData(100, false)]
    [InlineData(128, false)]
    [InlineData(1, false)]
    [InlineData(241, false)]
    [InlineData(100, true)]
    [InlineData(1, true)]
    public void Blocks_not_aligned_with_frames_render_the_same_audio(int blockSize, bool stretchAndBurst)
    {
        var settings = SynthSettings.Default;
        var frames = new RandomFrames(settings, frames: 20, seed: 11, f0From: 150, f0To: 3000);
        const float Stretch = 5e-4f;
        var burst = Enumerable.Range(0, settings.NoiseBands + 1).Select(b => b < settings.NoiseBands ? 0.3f : 0.01f).ToArray();
        var controls = stretchAndBurst
            ? new SynthControls { Stretch = Enumerable.Repeat(Stretch, frames.F0.Length).ToArray(), Transient = burst }
            : new SynthControls();
        var expected = new HarmonicNoiseSynth(settings).Render(frames.F0, frames.Harmonics, frames.Noise, 0.2, controls);

        // What an audio callback does: blocks of a fixed size, split where a frame ends.
        var oscillator = new HarmonicOscillator(settings);
        var bank = new FilteredNoiseBank(settings);
        oscillator.Start(0.2, frames.F0[0], RandomFrames.Row(frames.Harmonics, 0));
        bank.SetFrame(RandomFrames.Row(frames.Noise, 0));
        if (stretchAndBurst)
        {
            bank.AddBurst(burst.AsSpan(0, settings.NoiseBands), burst[^1]);
        }

        var actual = new float[expected.Length];
        int hop = settings.Hop;
        int frame = -1;
        int sampleInFrame = hop;
        for (int blockStart = 0; blockStart < actual.Length; blockStart += blockSize)
        {
            var block = actual.AsSpan(blockStart, Math.Min(blockSize, actual.Length - blockStart));
            while (!block.IsEmpty)
            {
                if (sampleInFrame == hop)
                {
                    frame++;
                    oscillator.SetFrame(frames.F0[frame + 1], RandomFrames.Row(frames.Harmonics, frame + 1), stretchAndBurst ? Stretch : 0f);
                    bank.SetFrame(RandomFrames.Row(frames.Noise, frame + 1));
                    sampleInFrame = 0;
                }

                var part = block[..Math.Min(block.Length, hop - sampleInFrame)];
                oscillator.Render(part, sampleInFrame);
                bank.Render(part, sampleInFrame);
                sampleInFrame += part.Length;
                block = block[part.Length..];
            }
        }

        // Bit-identical: the phase is a closed form of the position, so splits cannot change it.
        Assert.Equal(expected, actual);
    }
}
