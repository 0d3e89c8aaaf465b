using System.Globalization;
using NSynthBox.Dsp;
using NSynthBox.Dsp.Analysis;
using NSynthBox.Neural.Encoding;

namespace NSynthBox.Engine.Import;

/// <summary>
/// Reads a recording of one note and checks that it can be imported as an instrument: a WAV the box
/// reads (PCM or float, any channel count, downmixed; any common rate, resampled), with one note of
/// 0.3 to 12 s, not silent, not clipped, one onset and one stable pitch. A refusal is a
/// <see cref="SoundImportException"/> whose one line names the file, what is wrong (with times and
/// amounts) and what to do; mild problems become warnings. The note keeps everything from its onset
/// (5 ms before, to keep the attack) to where its tail fades 45 dB under the peak.
/// </summary>
public sealed class RecordingChecker(int modelSampleRate)
{
    public const double MinSoundSeconds = 0.3;
    public const double MaxSoundSeconds = 12;
    /// <summary>Silence around the note is cut off, but a recording this long is not worth reading through.</summary>
    public const double MaxFileSeconds = 60;
    public const double SilentBelowDbfs = -60;
    public const double QuietBelowDbfs = -30;
    /// <summary>Clipped samples above this fraction of the note refuse it; fewer are a warning.</summary>
    public const double MaxClippedFraction = 0.001;
    /// <summary>Pitch may wander this far (vibrato, intonation) before it counts as another note.</summary>
    public const double MaxPitchDeviationCents = 100;
    /// <summary>At least this share of the note's loud part must have a clear period.</summary>
    public const double MinVoicedFraction = 0.5;
    private const double FrameSeconds = 0.005;
    /// <summary>Longer than a period of the lowest note the pitch search looks for (40 Hz).</summary>
    private const double LevelWindowSeconds = 0.03;
    private const double PitchHopSeconds = 0.02;
    private const double SkipAttackSeconds = 0.05;
    private const double PitchedBelowPeakDb = 30;
    private const int PitchRunFrames = 3;
    private const int SettleFrames = 5;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public int ModelSampleRate { get; } = modelSampleRate > 0 ? modelSampleRate : throw new ArgumentOutOfRangeException(nameof(modelSampleRate));

    public CheckedRecording Check(string path)
    {
        float[] interleaved;
        int rate, channels;
        try
        {
            interleaved = WavFile.Read(path, out rate, out channels);
        }
        catch (InvalidDataException e)
        {
            throw new SoundImportException($"{e.Message} (import reads WAV files of PCM or float samples, any number of channels)");
        }
        if (rate < 8000 || rate > 384000)
            throw new SoundImportException($"{path}: sample rate {rate} Hz: expected 8000 to 384000 Hz (44100 or 48000 are usual)");
        return Check(path, Downmix(interleaved, channels), rate, channels);
    }

    /// <summary>Checks mono samples at <paramref name="sampleRate"/>; <paramref name="source"/> names them in messages.</summary>
    public CheckedRecording Check(string source, float[] mono, int sampleRate, int channels = 1)
    {
        var warnings = new List<string>();
        var damaged = Array.FindIndex(mono, s => !float.IsFinite(s));
        if (damaged >= 0)
            throw new SoundImportException(string.Create(Inv,
                $"{source}: {mono.Count(s => !float.IsFinite(s))} samples are not numbers (NaN or infinite), the first at {damaged / (double)sampleRate:0.00} s: the file is damaged"));
        var fileSeconds = mono.Length / (double)sampleRate;
        if (fileSeconds > MaxFileSeconds)
            throw new SoundImportException(string.Create(Inv,
                $"{source}: too long ({fileSeconds:0.0} s; expected one note of at most {MaxSoundSeconds:0} s in a file of at most {MaxFileSeconds:0} s: trim it)"));
        var (clipped, firstClip) = CountClipped(mono);

        var samples = Resampler.Resample(mono, sampleRate, ModelSampleRate);
        var hop = Math.Max(1, (int)Math.Round(ModelSampleRate * FrameSeconds));
        var levels = LevelEnvelope.Compute(samples, hop, (int)(ModelSampleRate * LevelWindowSeconds));
        var peakSample = samples.Length == 0 ? 0 : samples.Max(MathF.Abs);
        var peakDbfs = peakSample > 0 ? 20 * Math.Log10(peakSample) : double.NegativeInfinity;
        if (samples.Length == 0 || peakDbfs < SilentBelowDbfs)
            throw new SoundImportException(string.Create(Inv,
                $"{source}: silent (peak {(samples.Length == 0 ? "none: no samples" : peakSample == 0 ? "none: every sample is 0" : $"{peakDbfs:0} dBFS")}; expected a note louder than {SilentBelowDbfs:0} dBFS: check the input and its gain)"));
        var region = new OnsetDetector().Find(levels)
            ?? throw new SoundImportException(string.Create(Inv, $"{source}: silent (nothing rises above the noise; expected a note louder than {SilentBelowDbfs:0} dBFS)"));
        double Seconds(int frame) => frame * (double)hop / ModelSampleRate;

        var soundSeconds = Seconds(region.Length);
        if (soundSeconds < MinSoundSeconds)
            throw new SoundImportException(string.Create(Inv,
                $"{source}: too short ({soundSeconds:0.00} s of sound from {Seconds(region.Start):0.00} s; expected at least {MinSoundSeconds} s: let the note ring longer)"));
        if (soundSeconds > MaxSoundSeconds)
            throw new SoundImportException(string.Create(Inv,
                $"{source}: too long ({soundSeconds:0.0} s of sound; expected at most {MaxSoundSeconds:0} s: trim it to one note, e.g. 'sox in.wav out.wav trim {Seconds(region.Start):0.00} 4')"));
        if (region.Onsets.Count > 1)
            throw new SoundImportException(
                $"{source}: several notes (onsets at {string.Join(", ", region.Onsets.Select(o => Seconds(o).ToString("0.00 's'", Inv)))}; expected one note per file: cut them apart)");

        var soundSamples = region.Length * hop;
        var clippedFraction = (double)clipped / Math.Max(1, soundSamples * (double)sampleRate / ModelSampleRate);
        var clipText = string.Create(Inv, $"{clipped} samples ({clippedFraction * 100:0.00}%) at full scale, the first at {firstClip / (double)sampleRate:0.00} s");
        if (clippedFraction > MaxClippedFraction)
            throw new SoundImportException($"{source}: clipped ({clipText}; expected at most {MaxClippedFraction * 100:0.0}%: record it again with less gain)");
        if (clipped > 0) warnings.Add($"{clipped} samples clipped ({clipText}): the note may sound harsher than it was");
        if (peakDbfs < QuietBelowDbfs)
            warnings.Add(string.Create(Inv, $"quiet recording (peak {peakDbfs:0} dBFS): noise counts for more; record nearer {-12} dBFS"));

        var pitchHz = EstimatePitch(source, samples, levels, region, hop);
        if (NoteName.MidiNote(pitchHz) is < 21 or > 108)
            warnings.Add($"pitch {NoteName.Describe(pitchHz)} is outside the piano's range, where the model was trained less");

        // Keep 5 ms before the onset so the attack is whole.
        var first = Math.Max(0, region.Start * hop - hop);
        var last = Math.Min(samples.Length, region.End * hop);
        var note = new RecordedNote(source, samples[first..last], ModelSampleRate, pitchHz);
        return new CheckedRecording(note, sampleRate, channels, Seconds(region.Start), soundSeconds, peakDbfs, warnings);
    }

    private double EstimatePitch(string source, float[] samples, double[] levels, SoundRegion region, int hop)
    {
        var estimator = new PitchEstimator(ModelSampleRate);
        var pitchHop = (int)Math.Round(ModelSampleRate * PitchHopSeconds);
        var from = region.Start * hop + (int)(ModelSampleRate * SkipAttackSeconds);
        var to = Math.Min(samples.Length, region.End * hop);
        var frames = from < to ? estimator.Track(samples.AsSpan(from, to - from), pitchHop) : [];
        // Only the loud part: a fading tail's pitch drowns in noise.
        var loud = frames.Where(f =>
        {
            var centre = from + (int)(f.Seconds * ModelSampleRate) + estimator.FrameLength / 2;
            var level = levels[Math.Min(levels.Length - 1, centre / hop)];
            return level >= region.PeakDb - PitchedBelowPeakDb;
        }).ToList();
        var voiced = loud.Where(f => f.Voiced).ToList();
        var voicedFraction = loud.Count == 0 ? 0 : (double)voiced.Count / loud.Count;
        if (voiced.Count < 3 || voicedFraction < MinVoicedFraction)
            throw new SoundImportException(string.Create(Inv,
                $"{source}: unpitched (no stable pitch: {voicedFraction * 100:0}% of the note is periodic, expected at least {MinVoicedFraction * 100:0}%; noise, a drum or a chord cannot be imported)"));
        // The note's pitch as it settles after the attack: what a later move away from is measured against.
        var settled = voiced.Take(SettleFrames).Select(f => Math.Log2(f.Hz)).Order().ToArray();
        var reference = Math.Pow(2, settled[settled.Length / 2]);

        // A run of frames more than a semitone away is another note (a slur, a second note ringing).
        var run = 0;
        foreach (var f in loud)
        {
            var off = f.Voiced && Math.Abs(1200 * Math.Log2(f.Hz / reference)) > MaxPitchDeviationCents;
            run = off ? run + 1 : 0;
            if (run == PitchRunFrames)
            {
                var at = (from + estimator.FrameLength / 2.0) / ModelSampleRate + f.Seconds - (PitchRunFrames - 1) * PitchHopSeconds;
                throw new SoundImportException(string.Create(Inv,
                    $"{source}: several notes (the pitch moves from {NoteName.Describe(reference)} to {NoteName.Describe(f.Hz)} at {at:0.00} s; expected one note within a semitone: cut them apart)"));
            }
        }
        var logs = voiced.Select(f => Math.Log2(f.Hz)).Order().ToArray();
        var median = Math.Pow(2, logs[logs.Length / 2]);
        return median;
    }

    private static float[] Downmix(float[] interleaved, int channels)
    {
        if (channels == 1) return interleaved;
        var mono = new float[interleaved.Length / channels];
        for (var i = 0; i < mono.Length; i++)
        {
            var sum = 0f;
            for (var c = 0; c < channels; c++) sum += interleaved[i * channels + c];
            mono[i] = sum / channels;
        }
        return mono;
    }

    /// <summary>Samples in runs of two or more at full scale (one full-scale sample is a legal peak); and where the first is.</summary>
    private static (int Count, int First) CountClipped(ReadOnlySpan<float> x)
    {
        const float fullScale = 0.999f;
        var count = 0;
        var first = -1;
        for (var i = 0; i < x.Length; i++)
        {
            if (MathF.Abs(x[i]) < fullScale) continue;
            var neighbour = i > 0 && MathF.Abs(x[i - 1]) >= fullScale && MathF.Sign(x[i - 1]) == MathF.Sign(x[i])
                            || i + 1 < x.Length && MathF.Abs(x[i + 1]) >= fullScale && MathF.Sign(x[i + 1]) == MathF.Sign(x[i]);
            if (!neighbour) continue;
            count++;
            if (first < 0) first = i;
        }
        return (count, first);
    }
}
