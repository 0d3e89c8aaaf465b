using NSynthBox.Engine;
using NSynthBox.Midi;
using NSynthBox.Neural;
using SharpFuzz;

// One parser per run, chosen by the first argument. Each target holds the parser to the same
// contract as the CsCheck properties in NSynthBox.Fuzz.Tests: the documented exception with the
// documented message, or a result the rest of the box can use. Anything else escapes and AFL++
// saves the input as a crash. Without AFL++ it runs the input on stdin once, to replay a finding:
//   dotnet NSynthBox.Fuzz.Afl.dll midi-file < crash-file
if (args.Length != 1 || !Targets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: NSynthBox.Fuzz.Afl {string.Join("|", Targets.All.Keys)} < input");
    return 2;
}

Fuzzer.OutOfProcess.Run(stream => target(ReadAll(stream)));
return 0;

static byte[] ReadAll(Stream stream)
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    return buffer.ToArray();
}

internal static class Targets
{
    public static readonly Dictionary<string, Action<byte[]>> All = new()
    {
        ["midi-file"] = MidiFileTarget,
        ["midi-stream"] = MidiStreamTarget,
        ["wav"] = WavTarget,
        ["manifest"] = ManifestTarget,
    };

    private static readonly string Scratch = Directory.CreateTempSubdirectory("nsynthbox-afl-").FullName;

    private static void MidiFileTarget(byte[] bytes)
    {
        MidiFile file;
        try
        {
            file = MidiFile.Read(new MemoryStream(bytes), "afl.mid");
        }
        catch (MidiFileFormatException e) when (e.Message.StartsWith("afl.mid: offset 0x", StringComparison.Ordinal))
        {
            return;
        }

        var rewritten = new MemoryStream();
        file.Write(rewritten);
        MidiFile.Read(new MemoryStream(rewritten.ToArray()), "rewritten.mid");
        if (file.Format != 2)
        {
            file.GetPlaybackMessages();
        }
    }

    private static void MidiStreamTarget(byte[] bytes)
    {
        var whole = new Log();
        var wholeParser = new MidiStreamParser(whole, 16);
        wholeParser.Parse(bytes);
        var split = new Log();
        var splitParser = new MidiStreamParser(split, 16);
        for (int i = 0; i < bytes.Length; i++)
        {
            splitParser.Parse(bytes.AsSpan(i, 1));
        }

        if (!whole.Lines.SequenceEqual(split.Lines) || wholeParser.MalformedBytes != splitParser.MalformedBytes || wholeParser.DroppedSysEx != splitParser.DroppedSysEx)
        {
            throw new InvalidOperationException("parsing byte by byte gave another result than parsing in one call");
        }
    }

    private static void WavTarget(byte[] bytes)
    {
        string path = Path.Combine(Scratch, "afl.wav");
        File.WriteAllBytes(path, bytes);
        try
        {
            WavFile.Read(path, out int rate, out int channels);
            if (rate <= 0 || channels <= 0)
            {
                throw new InvalidOperationException($"read {channels} channels at {rate} Hz");
            }
        }
        catch (InvalidDataException e) when (e.Message.Contains(path, StringComparison.Ordinal))
        {
        }
    }

    private static void ManifestTarget(byte[] bytes)
    {
        string model = Environment.GetEnvironmentVariable("NSYNTHBOX_MODEL_DIR")
            ?? throw new InvalidOperationException("set NSYNTHBOX_MODEL_DIR to the model folder (models/hpn-v1)");
        foreach (string file in new[] { "decoder.onnx", "encoder.onnx" })
        {
            if (!File.Exists(Path.Combine(Scratch, file)))
            {
                File.Copy(Path.Combine(model, file), Path.Combine(Scratch, file));
            }
        }

        string manifest = Path.Combine(Scratch, "manifest.json");
        File.WriteAllBytes(manifest, bytes);
        try
        {
            ModelPackage.Load(Scratch);
        }
        catch (ModelPackageException e) when (e.Message.Contains(manifest, StringComparison.Ordinal))
        {
        }
    }

    private sealed class Log : IMidiMessageHandler
    {
        public List<string> Lines { get; } = [];

        public void OnMessage(in MidiMessage message) => Lines.Add(new MidiMessage(message.Status, message.Data1, message.Data2).ToString());

        public void OnSysEx(ReadOnlySpan<byte> message) => Lines.Add(Convert.ToHexString(message));
    }
}
