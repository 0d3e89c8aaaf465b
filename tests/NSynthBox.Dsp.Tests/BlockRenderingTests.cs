namespace NSynthBox.Dsp.Tests;

public sealed class BlockRenderingTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(128)]
    [InlineData(1)]
    [InlineData(241)]
    public void Blocks_not_aligned_with_frames_render_the_same_audio(int blockSize)
    {
        var settings = SynthSettings.Default;
        var frames = new RandomFrames(settings, frames: 20, seed: 11, f0From: 150, f0To: 3000);
        var expected = new HarmonicNoiseSynth(settings).Render(frames.F0, frames.Harmonics, frames.Noise, 0.2);

        // What an audio callback does: blocks of a fixed size, split where a frame ends.
        var oscillator = new HarmonicOscillator(settings);
        var bank = new FilteredNoiseBank(settings);
        oscillator.Start(0.2, frames.F0[0], RandomFrames.Row(frames.Harmonics, 0));
        bank.SetFrame(RandomFrames.Row(frames.Noise, 0));
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
                    oscillator.SetFrame(frames.F0[frame + 1], RandomFrames.Row(frames.Harmonics, frame + 1));
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
