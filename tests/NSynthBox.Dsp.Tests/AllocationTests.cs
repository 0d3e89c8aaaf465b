using NSynthBox.Tests.Shared;
namespace NSynthBox.Dsp.Tests;

public sealed class AllocationTests
{
    [Fact]
    public void Rendering_a_block_allocates_nothing()
    {
        var settings = SynthSettings.Default;
        var frames = new RandomFrames(settings, frames: 8, seed: 3, f0From: 200, f0To: 2500);
        var harmonics = Enumerable.Range(0, 9).Select(i => RandomFrames.Row(frames.Harmonics, i)).ToArray();
        var noise = Enumerable.Range(0, 9).Select(i => RandomFrames.Row(frames.Noise, i)).ToArray();
        var oscillator = new HarmonicOscillator(settings);
        var stretched = new HarmonicOscillator(settings);
        var subPartials = new SubPartialOscillator(settings);
        float[] subAmplitudes = [0.2f, 0.1f, 0.05f, 0, 0, 0, 0.01f, 0];
        var layer = new DetunedLayerOscillator(settings);
        var bank = new FilteredNoiseBank(settings);
        var envelope = new AdsrEnvelope(settings.SampleRate);
        var volume = new ParameterSmoother(settings.SampleRate, initialValue: 0.5f);
        var limiter = new SoftLimiter();
        var dc = new DcBlocker(settings.SampleRate);
        var block = new float[100];
        int frame = 0, sampleInFrame = settings.Hop;

        void RenderBlocks(int count)
        {
            for (int b = 0; b < count; b++)
            {
                Array.Clear(block);
                var rest = block.AsSpan();
                while (!rest.IsEmpty)
                {
                    if (sampleInFrame == settings.Hop)
                    {
                        frame = (frame + 1) % 8;
                        oscillator.SetFrame(frames.F0[frame + 1], harmonics[frame + 1]);
                        stretched.SetFrame(frames.F0[frame + 1], harmonics[frame + 1], stretch: 3e-4f);
                        subPartials.SetFrame(frames.F0[frame + 1], subAmplitudes);
                        layer.SetFrame(frames.F0[frame + 1], harmonics[frame + 1], detuneCents: 7f + frame, gain: frame % 4 == 0 ? 0f : 0.5f, stretch: 3e-4f);
                        bank.SetFrame(noise[frame + 1]);
                        bank.AddBurst(noise[frame], 0.002f + (0.01f * frame)); // more bursts than MaxBursts: replacing must not allocate either
                        sampleInFrame = 0;
                    }

                    var part = rest[..Math.Min(rest.Length, settings.Hop - sampleInFrame)];
                    oscillator.Render(part, sampleInFrame);
                    stretched.Render(part, sampleInFrame);
                    subPartials.Render(part, sampleInFrame);
                    layer.Render(part, sampleInFrame);
                    bank.Render(part, sampleInFrame);
                    sampleInFrame += part.Length;
                    rest = rest[part.Length..];
                }

                if (b % 50 == 0)
                {
                    envelope.NoteOn();
                    volume.SetTarget(b % 100 == 0 ? 0.8f : 0.3f);
                }
                else if (b % 50 == 30)
                {
                    envelope.Release();
                }
                else if (b % 50 == 45)
                {
                    envelope.Kill();
                }

                envelope.Apply(block);
                volume.Apply(block);
                dc.Process(block);
                limiter.Process(block);
            }
        }

        oscillator.Start(0, frames.F0[0], harmonics[0]);
        RenderBlocks(500); // warm-up: JIT, tiering
        AllocationWindows.AssertClean(AllocationWindows.UntilClean(() => RenderBlocks(5000)), "5000 blocks");
    }
}
