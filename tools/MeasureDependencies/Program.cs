using System.Globalization;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;
using NSynthBox.Dsp;
using NSynthBox.Engine;
using NSynthBox.Midi;

// Each measurement is bounded (fixed seeds and counts) and prints one line; docs/DEPENDENCIES.md quotes them.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
WavWriterClipping();
WavReaderOnMutatedFiles(files: 4000, seed: 19);
Resampling();
MidiReaderOnMutatedFiles(files: 2000, seed: 19);

// A 16-bit WAV of a sample above full scale: clipped, or wrapped to the other sign?
static void WavWriterClipping()
{
    var path = Path.Combine(Path.GetTempPath(), $"measure-dependencies-{Environment.ProcessId}-16bit.wav");
    using (var writer = new WaveFileWriter(path, new WaveFormat(48000, 16, 1))) writer.WriteSample(1.5f);
    var naudio = File.ReadAllBytes(path);
    File.Delete(path);
    var ours = new MemoryStream();
    WavFile.Write(ours, [1.5f], 48000);
    Console.WriteLine($"16-bit write of 1.5: NAudio {BitConverter.ToInt16(naudio, naudio.Length - 2)}, ours {BitConverter.ToInt16(ours.ToArray(), (int)ours.Length - 2)} (full scale 32767)");
}

// Byte-mutated copies of one valid WAV: which exceptions come out of each reader (ours promises one type with a message).
static void WavReaderOnMutatedFiles(int files, int seed)
{
    var valid = new MemoryStream();
    WavFile.Write(valid, [.. Enumerable.Range(0, 2000).Select(i => MathF.Sin(i * 0.05f) * 0.5f)], 48000, channels: 2);
    var original = valid.ToArray();
    var random = new Random(seed);
    var naudioTypes = new SortedDictionary<string, int>();
    var ourTypes = new SortedDictionary<string, int>();
    var path = Path.Combine(Path.GetTempPath(), $"measure-dependencies-{Environment.ProcessId}.wav");
    for (var f = 0; f < files; f++)
    {
        var bytes = (byte[])original.Clone();
        for (var m = random.Next(1, 8); m > 0; m--) bytes[random.Next(Math.Min(bytes.Length, 80))] = (byte)random.Next(256);
        try
        {
            using var reader = new WaveFileReader(new MemoryStream(bytes));
            var provider = reader.ToSampleProvider();
            var buffer = new float[4096];
            while (provider.Read(buffer.AsSpan()) > 0) { }
        }
        catch (Exception e)
        {
            Count(naudioTypes, e.GetType().Name);
        }
        File.WriteAllBytes(path, bytes);
        try
        {
            WavFile.Read(path, out _, out _);
        }
        catch (Exception e)
        {
            Count(ourTypes, e.GetType().Name);
        }
    }
    File.Delete(path);
    Console.WriteLine($"WAV readers on {files} mutated files (seed {seed}): NAudio threw {Describe(naudioTypes)}; ours threw {Describe(ourTypes)}");
}

// 1 kHz at 44.1 kHz to 48 kHz: what is not the sine (distortion and noise, dB under the sine);
// 30 kHz at 96 kHz to 48 kHz: what gets through (aliasing, dB under the input).
static void Resampling()
{
    var sine = Tone(1000, 44100, 2.0);
    var (naudioResidual, oursResidual) = (Residual(Naudio(sine, 44100, 48000), 1000, 48000), Residual(Resampler.Resample(sine, 44100, 48000), 1000, 48000));
    var high = Tone(30000, 96000, 2.0);
    var inRms = Rms(high);
    var (naudioAlias, oursAlias) = (Db(Rms(Middle(Naudio(high, 96000, 48000))) / inRms), Db(Rms(Middle(Resampler.Resample(high, 96000, 48000))) / inRms));
    Console.WriteLine($"resampling 44.1 -> 48 kHz, 1 kHz sine: residual NAudio (WDL) {naudioResidual:0} dB, ours {oursResidual:0} dB; " +
                      $"96 -> 48 kHz, 30 kHz sine (should vanish): NAudio {naudioAlias:0} dB, ours {oursAlias:0} dB");
}

// Byte-mutated copies of one MIDI file with SysEx: how many events each reader finds in the valid file, and what throws.
static void MidiReaderOnMutatedFiles(int files, int seed)
{
    var file = new MidiFile(MidiTimeDivision.FromTicksPerQuarterNote(480), format: 0);
    var track = new MidiTrack();
    for (var i = 0; i < 4; i++)
    {
        track.Events.Add(new SysExEvent(i * 100, [0x7E, 0x7F, 0x09, 0x01, 0xF7]));
        track.Events.Add(new ChannelMessageEvent(i * 100 + 10, MidiMessage.NoteOn(0, 60 + i, 100)));
        track.Events.Add(new ChannelMessageEvent(i * 100 + 50, MidiMessage.NoteOff(0, 60 + i)));
    }
    track.Events.Add(new EndOfTrackEvent(500));
    file.Tracks.Add(track);
    var valid = new MemoryStream();
    file.Write(valid);
    var original = valid.ToArray();
    var naudioEvents = new NAudio.Midi.MidiFile(new MemoryStream(original), false).Events[0].Count;
    var ourEvents = MidiFile.Read(new MemoryStream(original)).Tracks[0].Events.Count;
    var random = new Random(seed);
    var naudioTypes = new SortedDictionary<string, int>();
    var ourTypes = new SortedDictionary<string, int>();
    long naudioMostBytes = 0, ourMostBytes = 0;
    for (var f = 0; f < files; f++)
    {
        var bytes = (byte[])original.Clone();
        for (var m = random.Next(1, 6); m > 0; m--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
        naudioMostBytes = Math.Max(naudioMostBytes, Allocated(() => new NAudio.Midi.MidiFile(new MemoryStream(bytes), false), naudioTypes));
        ourMostBytes = Math.Max(ourMostBytes, Allocated(() => MidiFile.Read(new MemoryStream(bytes)), ourTypes));
    }
    Console.WriteLine($"MIDI readers: the valid file with 4 SysEx has {ourEvents} events (ours), {naudioEvents} (NAudio, End of Track included); " +
                      $"on {files} mutated copies (seed {seed}) NAudio threw {Describe(naudioTypes)}, most allocated {naudioMostBytes / 1024} KiB; " +
                      $"ours threw {Describe(ourTypes)}, most allocated {ourMostBytes / 1024} KiB");
}

static long Allocated(Action read, SortedDictionary<string, int> thrown)
{
    var before = GC.GetAllocatedBytesForCurrentThread();
    try
    {
        read();
    }
    catch (Exception e)
    {
        Count(thrown, e.GetType().Name);
    }
    return GC.GetAllocatedBytesForCurrentThread() - before;
}

static void Count(SortedDictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

static string Describe(SortedDictionary<string, int> counts) =>
    counts.Count == 0 ? "nothing" : $"{counts.Count} type{(counts.Count == 1 ? "" : "s")} ({string.Join(", ", counts.Select(c => $"{c.Key} x{c.Value}"))})";

static float[] Tone(double hz, int rate, double seconds) =>
    [.. Enumerable.Range(0, (int)(rate * seconds)).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / rate)))];

static float[] Naudio(float[] input, int from, int to)
{
    var resampler = new WdlResamplingSampleProvider(new ArraySource(input, from), to);
    var output = new List<float>();
    var buffer = new float[4096];
    int n;
    while ((n = resampler.Read(buffer.AsSpan())) > 0) output.AddRange(buffer.AsSpan(0, n));
    return [.. output];
}

static float[] Middle(float[] x) => x[(x.Length / 4)..(3 * x.Length / 4)];

// Least-squares fit of a sine of known frequency; what is left, in dB under the sine.
static double Residual(float[] x, double hz, int rate)
{
    var m = Middle(x);
    double ss = 0, sc = 0, cc = 0, xs = 0, xc = 0;
    var start = x.Length / 4;
    for (var i = 0; i < m.Length; i++)
    {
        var w = 2 * Math.PI * hz * (start + i) / rate;
        var (s, c) = (Math.Sin(w), Math.Cos(w));
        ss += s * s; sc += s * c; cc += c * c; xs += m[i] * s; xc += m[i] * c;
    }
    var det = ss * cc - sc * sc;
    var (a, b) = ((xs * cc - xc * sc) / det, (xc * ss - xs * sc) / det);
    double signal = 0, rest = 0;
    for (var i = 0; i < m.Length; i++)
    {
        var w = 2 * Math.PI * hz * (start + i) / rate;
        var fit = a * Math.Sin(w) + b * Math.Cos(w);
        signal += fit * fit;
        rest += (m[i] - fit) * (m[i] - fit);
    }
    return 10 * Math.Log10(rest / signal);
}

static double Rms(float[] x) => Math.Sqrt(x.Sum(v => (double)v * v) / x.Length);

static double Db(double ratio) => 20 * Math.Log10(Math.Max(ratio, 1e-12));

sealed class ArraySource(float[] samples, int rate) : ISampleProvider
{
    private int _position;

    public WaveFormat WaveFormat { get; } = WaveFormat.CreateIeeeFloatWaveFormat(rate, 1);

    public int Read(Span<float> buffer)
    {
        var n = Math.Min(buffer.Length, samples.Length - _position);
        samples.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }
}
