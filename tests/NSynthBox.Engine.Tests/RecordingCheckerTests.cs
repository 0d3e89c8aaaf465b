using NSynthBox.Engine.Import;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Engine.Tests;

public sealed class RecordingCheckerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsynthbox-import-tests-").FullName;
    private readonly RecordingChecker _checker = new(48000);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(44100, 16, false, false, 110.0)]
    [InlineData(48000, 16, false, false, 440.0)]
    [InlineData(44100, 24, false, true, 440.0)]
    [InlineData(48000, 32, true, false, 261.63)]
    [InlineData(44100, 32, false, true, 1046.5)]
    [InlineData(96000, 24, false, true, 82.41)]
    public void A_pitched_note_passes_with_its_pitch_and_is_trimmed_to_its_onset(int rate, int bits, bool isFloat, bool extensible, double hz)
    {
        var path = Wav("note.wav", TestNotes.Note(hz, rate, seconds: 1.5, leadSeconds: 0.4), rate, bits: bits, isFloat: isFloat, extensible: extensible);

        var result = _checker.Check(path);

        Assert.InRange(Signal.Cents(result.PitchHz, hz), -3, 3);
        Assert.InRange(result.OnsetSeconds, 0.39, 0.41);
        Assert.InRange(result.SoundSeconds, 1.0, 1.7);
        Assert.Equal(48000, result.Note.SampleRate);
        Assert.Equal(rate, result.SourceSampleRate);
        Assert.Empty(result.Warnings);
        // The note starts at the onset: its first 5 ms are before the attack, then it sounds.
        Assert.True(Signal.Rms(result.Note.Samples.AsSpan(0, 120)) < 0.01);
        Assert.True(Signal.Rms(result.Note.Samples.AsSpan(960, 4800)) > 0.05);
    }

    [Fact]
    public void Stereo_is_downmixed()
    {
        var mono = TestNotes.Note(330, 48000, seconds: 1);
        var stereo = new float[mono.Length * 2];
        for (var i = 0; i < mono.Length; i++) (stereo[2 * i], stereo[2 * i + 1]) = (mono[i], 0.5f * mono[i]);
        var path = Wav("stereo.wav", stereo, 48000, channels: 2);

        var result = _checker.Check(path);

        Assert.Equal(2, result.SourceChannels);
        Assert.InRange(Signal.Cents(result.PitchHz, 330), -3, 3);
    }

    [Fact]
    public void Vibrato_of_a_third_of_a_semitone_is_one_note()
    {
        var path = Wav("vibrato.wav", TestNotes.Note(440, 48000, seconds: 2, vibratoCents: 35), 48000);
        Assert.InRange(Signal.Cents(_checker.Check(path).PitchHz, 440), -10, 10);
    }

    [Fact]
    public void Room_noise_before_and_after_the_note_is_not_a_note()
    {
        // Hiss at about -45 dBFS throughout, the note peaking near -8 dBFS after 0.6 s.
        var x = TestNotes.Note(196, 48000, seconds: 2, leadSeconds: 0.6, amplitude: 0.4);
        var noise = TestNotes.Noise(48000, x.Length / 48000.0 + 1, 0.01, seed: 7);
        for (var i = 0; i < x.Length; i++) x[i] += noise[i];
        var path = Wav("hiss.wav", x, 48000);

        var result = _checker.Check(path);

        Assert.InRange(result.OnsetSeconds, 0.58, 0.61);
        Assert.InRange(Signal.Cents(result.PitchHz, 196), -3, 3);
    }

    [Fact]
    public void Silence_is_refused()
    {
        var path = Wav("silence.wav", new float[48000], 48000);
        var e = Assert.Throws<SoundImportException>(() => _checker.Check(path));
        Assert.StartsWith($"{path}: silent (peak none: every sample is 0;", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_very_quiet_hum_is_refused_as_silent()
    {
        var path = Wav("hum.wav", TestNotes.Note(220, 48000, amplitude: 0.0004), 48000, bits: 24);
        var e = Assert.Throws<SoundImportException>(() => _checker.Check(path));
        Assert.Contains("silent (peak -", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clipped_recording_is_refused_saying_how_much()
    {
        var x = TestNotes.Note(220, 48000, amplitude: 2.0);
        var path = Wav("clipped.wav", x, 48000);

        var e = Assert.Throws<SoundImportException>(() => _checker.Check(path));

        Assert.StartsWith($"{path}: clipped (", e.Message, StringComparison.Ordinal);
        Assert.Matches(@"\d+ samples \(\d+\.\d\d%\) at full scale, the first at 0\.\d\d s", e.Message);
        Assert.Contains("less gain", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_few_clipped_samples_are_a_warning()
    {
        var x = TestNotes.Note(220, 48000, amplitude: 0.5);
        for (var i = 20000; i < 20004; i++) x[i] = 1f;
        var path = Wav("few.wav", x, 48000);

        var result = _checker.Check(path);

        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith("4 samples clipped", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_notes_one_after_the_other_are_refused_with_their_onsets()
    {
        var x = new float[48000 * 3];
        TestNotes.AddNote(x, 4800, 440, 48000, 0.8, 0.5);
        TestNotes.AddNote(x, 48000 + 24000, 440, 48000, 1.0, 0.5);
        var path = Wav("two.wav", x, 48000);

        var e = Assert.Throws<SoundImportException>(() => _checker.Check(path));

        Assert.Contains("several notes (onsets at 0.10 s, 1.50 s;", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_slur_to_another_pitch_is_refused_saying_when()
    {
        // One onset, then the pitch moves a major third up (legato, no new attack).
        var rate = 48000;
        var x = new float[rate * 2];
        var phase = 0.0;
        for (var n = 0; n < x.Length; n++)
        {
            var f = n < rate ? 440 : 554.37;
            phase += 2 * Math.PI * f / rate;
            x[n] = (float)(0.4 * Math.Min(1, n / 480.0) * (Math.Sin(phase) + 0.4 * Math.Sin(2 * phase)));
        }
        var path = Wav("slur.wav", x, rate);

        var e = Assert.Throws<SoundImportException>(() => _checker.Check(path));

        Assert.Matches(@"several notes \(the pitch moves from 440\.0 Hz \(A4\) to 55\d\.\d Hz \(C#5( [+-]\d+ cents)?\) at (0\.9[5-9]|1\.0[0-5]) s", e.Message);
    }

    [Fact]
    public void Noise_is_refused_as_unpitched()
    {
        var x = TestNotes.Noise(48000, 1.5, 0.3);
        var path = Wav("noise.wav", x, 48000);

        var e = Assert.Throws<SoundImportException>(() => _checker.Check(path));

        Assert.StartsWith($"{path}: unpitched (no stable pitch", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_short_and_too_long_are_refused()
    {
        var shortPath = Wav("short.wav", TestNotes.Note(440, 48000, seconds: 0.15), 48000);
        var e = Assert.Throws<SoundImportException>(() => _checker.Check(shortPath));
        Assert.Contains("too short (0.1", e.Message, StringComparison.Ordinal);

        var rate = 22050;
        var drone = Enumerable.Range(0, rate * 14).Select(n => (float)(0.3 * Math.Sin(2 * Math.PI * 110 * n / rate))).ToArray();
        var longPath = Wav("long.wav", drone, rate);
        e = Assert.Throws<SoundImportException>(() => _checker.Check(longPath));
        Assert.Contains("too long (14.0 s of sound; expected at most 12 s: trim it", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Not_a_wav_and_compressed_wavs_are_refused_naming_the_file()
    {
        var text = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(text, "hello");
        var e = Assert.Throws<SoundImportException>(() => _checker.Check(text));
        Assert.StartsWith($"{text}: not a WAV file", e.Message, StringComparison.Ordinal);

        var path = Wav("adpcm.wav", TestNotes.Note(440, 8000, seconds: 1), 8000);
        var bytes = File.ReadAllBytes(path);
        bytes[20] = 0x11; // IMA ADPCM
        File.WriteAllBytes(path, bytes);
        e = Assert.Throws<SoundImportException>(() => _checker.Check(path));
        Assert.Contains("format 0x0011 with 16 bits: expected PCM", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Float_samples_that_are_not_numbers_are_refused()
    {
        var x = TestNotes.Note(440, 48000);
        x[24000] = float.NaN;
        x[24001] = float.PositiveInfinity;
        var path = Wav("nan.wav", x, 48000, bits: 32, isFloat: true);

        var e = Assert.Throws<SoundImportException>(() => _checker.Check(path));

        Assert.Equal($"{path}: 2 samples are not numbers (NaN or infinite), the first at 0.50 s: the file is damaged", e.Message);
    }

    private string Wav(string name, float[] samples, int rate, int channels = 1, int bits = 16, bool isFloat = false, bool extensible = false)
    {
        var path = Path.Combine(_dir, name);
        TestNotes.WriteWav(path, samples, rate, channels, bits, isFloat, extensible);
        return path;
    }
}
