namespace NSynthBox.Dsp.Tests;

public sealed class SynthSettingsTests
{
    [Fact]
    public void Defaults_match_the_trained_model()
    {
        var s = SynthSettings.Default;
        Assert.Equal((48000, 200, 96, 24, 40.0, 20000.0, 0.05, 0x12345678u, 240),
            (s.SampleRate, s.FrameRate, s.Harmonics, s.NoiseBands, s.NoiseLowHz, s.NoiseHighHz, s.AliasFade, s.NoiseSeed, s.Hop));
    }

    [Theory]
    [InlineData(32000, 160)]
    [InlineData(48000, 240)]
    [InlineData(96000, 480)]
    [InlineData(44100, 221)]
    public void Hop_is_the_rounded_samples_per_frame(int sampleRate, int hop)
    {
        var s = new SynthSettings(sampleRate: sampleRate);
        Assert.Equal(hop, s.Hop);
        Assert.Equal((double)sampleRate / hop, s.EffectiveFrameRate);
    }

    [Theory]
    [InlineData("sampleRate", "Sample rate must be 8000..192000")]
    [InlineData("frameRate", "Frame rate must be 10..1000")]
    [InlineData("harmonics", "Harmonic count must be 1..256")]
    [InlineData("noiseBands", "Noise band count must be 2..64")]
    [InlineData("noiseLowHz", "Lowest noise band centre")]
    [InlineData("noiseHighHz", "Highest noise band centre must be above")]
    [InlineData("aliasFade", "Alias fade must be in (0, 0.5]")]
    [InlineData("noiseSeed", "Noise seed must not be 0")]
    public void Invalid_values_are_rejected_with_a_clear_message(string parameter, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => parameter switch
        {
            "sampleRate" => new SynthSettings(sampleRate: 4000),
            "frameRate" => new SynthSettings(frameRate: 0),
            "harmonics" => new SynthSettings(harmonics: 0),
            "noiseBands" => new SynthSettings(noiseBands: 1),
            "noiseLowHz" => new SynthSettings(noiseLowHz: double.NaN),
            "noiseHighHz" => new SynthSettings(noiseHighHz: 30),
            "aliasFade" => new SynthSettings(aliasFade: 0),
            _ => new SynthSettings(noiseSeed: 0),
        });

        Assert.Equal(parameter, error.ParamName);
        Assert.StartsWith(message, error.Message);
    }
}
