using Microsoft.ML.OnnxRuntime;

namespace NSynthBox.Neural;

/// <summary>
/// Runs the model's control-rate decoder for a batch of voices with ONNX Runtime. The caller
/// fills the input arrays (row-major, one row per voice), calls <see cref="Decode"/>, and reads
/// the output arrays. Tensors are created once per batch size over the same preallocated
/// arrays, so a steady-state decode does not copy or allocate buffers. The optional v2 outputs
/// (<see cref="DecoderOutputs"/>) have arrays only when the package has them (else empty).
/// </summary>
public sealed class NeuralDecoder : IDisposable
{
    private static readonly string[] InputNames = ["z", "f0_hz", "velocity", "time_since_onset", "time_since_release"];
    private readonly string[] _outputNames;   // the two required outputs, then the optional ones the package has
    private readonly float[][] _outputArrays;
    private readonly int[] _outputWidths;

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue[]?[] _inputsByBatch;
    private readonly OrtValue[]?[] _outputsByBatch;
    private readonly OrtIoBinding?[] _bindingByBatch;

    public NeuralDecoder(ModelPackage package, int maxBatch, ExecutionProviderKind provider = ExecutionProviderKind.Cpu, int threads = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        Package = package;
        MaxBatch = maxBatch;
        Latent = new float[maxBatch * package.LatentSize];
        F0 = new float[maxBatch];
        Velocity = new float[maxBatch];
        TimeSinceOnset = new float[maxBatch];
        TimeSinceRelease = new float[maxBatch];
        Harmonics = new float[maxBatch * package.Harmonics];
        Noise = new float[maxBatch * package.NoiseBands];
        float[] Optional(string name) => package.HasOutput(name) ? new float[maxBatch * DecoderOutputs.Width(name, package.Synth)] : [];
        SubAmplitudes = Optional(DecoderOutputs.SubAmplitudes);
        Stretch = Optional(DecoderOutputs.Stretch);
        Modulation = Optional(DecoderOutputs.Modulation);
        Transient = Optional(DecoderOutputs.Transient);
        Layer = Optional(DecoderOutputs.Layer);
        var outputs = new List<(string Name, float[] Array)> { (DecoderOutputs.HarmonicAmplitudes, Harmonics), (DecoderOutputs.NoiseGains, Noise) };
        outputs.AddRange(new[]
            {
                (DecoderOutputs.SubAmplitudes, SubAmplitudes), (DecoderOutputs.Stretch, Stretch), (DecoderOutputs.Modulation, Modulation),
                (DecoderOutputs.Transient, Transient), (DecoderOutputs.Layer, Layer),
            }
            .Where(o => o.Item2.Length > 0));
        _outputNames = outputs.Select(o => o.Name).ToArray();
        _outputArrays = outputs.Select(o => o.Array).ToArray();
        _outputWidths = _outputNames.Select(n => DecoderOutputs.Width(n, package.Synth)).ToArray();
        _inputsByBatch = new OrtValue[]?[maxBatch + 1];
        _outputsByBatch = new OrtValue[]?[maxBatch + 1];
        _bindingByBatch = new OrtIoBinding?[maxBatch + 1];

        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        ExecutionProvider = AppendProvider(options, provider, out var fallback);
        ProviderFallback = fallback;
        try
        {
            _session = new InferenceSession(package.DecoderPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelPackageException($"{package.DecoderPath}: ONNX Runtime cannot load it ({e.Message.Split('\n')[0]})", e);
        }
        finally
        {
            options.Dispose();
        }
        try
        {
            CheckGraph();
            CheckOutputsAreFinite();
        }
        catch
        {
            _runOptions.Dispose();
            _session.Dispose();
            throw;
        }
    }

    public ModelPackage Package { get; }
    public int MaxBatch { get; }

    /// <summary>The provider actually in use.</summary>
    public ExecutionProviderKind ExecutionProvider { get; }

    /// <summary>Why the requested provider was not available (null when it was): for the log.</summary>
    public string? ProviderFallback { get; }

    public float[] Latent { get; }
    public float[] F0 { get; }
    public float[] Velocity { get; }
    public float[] TimeSinceOnset { get; }
    public float[] TimeSinceRelease { get; }
    public float[] Harmonics { get; }
    public float[] Noise { get; }

    /// <summary>[batch, 8] sub-partial amplitudes; empty when the decoder has no such output.</summary>
    public float[] SubAmplitudes { get; }

    /// <summary>[batch, 1] inharmonicity B; empty when absent.</summary>
    public float[] Stretch { get; }

    /// <summary>[batch, 3] vibrato rate (Hz), depth (cents), tremolo (fraction); empty when absent.</summary>
    public float[] Modulation { get; }

    /// <summary>[batch, noise bands + 1] onset burst gains and decay (s); empty when absent.</summary>
    public float[] Transient { get; }

    /// <summary>[batch, 2] detuned layer: detune (cents), gain; empty when absent.</summary>
    public float[] Layer { get; }

    /// <summary>Decodes rows 0..batch-1 of the input arrays into the output arrays.</summary>
    public void Decode(int batch)
    {
        if (batch == 0) return;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batch, MaxBatch);
        // A binding per batch size, made once over the preallocated tensors: running it passes no
        // collections to marshal, so a steady-state decode allocates almost nothing (fewer GC
        // pauses for the real-time audio thread).
        var binding = _bindingByBatch[batch] ??= CreateBinding(batch);
        _session.RunWithBinding(_runOptions, binding);
    }

    /// <summary>Creates the tensors of every batch size now, so the first notes do not pay for it.</summary>
    public void WarmUp()
    {
        for (var b = 1; b <= MaxBatch; b++)
        {
            Array.Fill(F0, 261.6f, 0, b);
            Array.Fill(TimeSinceRelease, -1f, 0, b);
            Decode(b);
        }
    }

    private OrtIoBinding CreateBinding(int batch)
    {
        var inputs = _inputsByBatch[batch] = CreateInputs(batch);
        var outputs = _outputsByBatch[batch] = CreateOutputs(batch);
        var binding = _session.CreateIoBinding();
        for (var i = 0; i < InputNames.Length; i++) binding.BindInput(InputNames[i], inputs[i]);
        for (var i = 0; i < _outputNames.Length; i++) binding.BindOutput(_outputNames[i], outputs[i]);
        return binding;
    }

    private OrtValue[] CreateInputs(int batch)
    {
        var latent = Package.LatentSize;
        return
        [
            Tensor(Latent, batch, latent),
            Tensor(F0, batch, 1),
            Tensor(Velocity, batch, 1),
            Tensor(TimeSinceOnset, batch, 1),
            Tensor(TimeSinceRelease, batch, 1),
        ];
    }

    private OrtValue[] CreateOutputs(int batch) => _outputArrays.Select((a, i) => Tensor(a, batch, _outputWidths[i])).ToArray();

    private static OrtValue Tensor(float[] buffer, int batch, int width) =>
        OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffer.AsMemory(0, batch * width), [batch, width]);

    private void CheckGraph()
    {
        foreach (var (names, metadata, kind) in new[] { (InputNames, _session.InputMetadata, "input"), (_outputNames, _session.OutputMetadata, "output") })
        {
            foreach (var name in names)
            {
                if (!metadata.ContainsKey(name))
                    throw new ModelPackageException($"{Package.DecoderPath}: the graph has no {kind} named '{name}' (it has {string.Join(", ", metadata.Keys)}); the manifest and graph disagree");
            }
        }
        for (var i = 0; i < _outputNames.Length; i++)
        {
            var actual = _session.OutputMetadata[_outputNames[i]].Dimensions[^1];
            if (actual > 0 && actual != _outputWidths[i])
                throw new ModelPackageException($"{Package.DecoderPath}: output {_outputNames[i]} has width {actual}, the manifest says {_outputWidths[i]}");
        }
        var width = _session.InputMetadata["z"].Dimensions[^1];
        if (width != Package.LatentSize)
            throw new ModelPackageException($"{Package.DecoderPath}: input z has width {width}, manifest says latentSize {Package.LatentSize}");
    }

    /// <summary>
    /// Decodes each of the model's own instruments once, in the middle of its range: a graph that gives NaN or infinity
    /// (its hash can match: a bad export) would play silence without a word, and would become the last good model.
    /// A graph whose outputs do not fit the manifest's widths fails here too, not in the control worker.
    /// </summary>
    private void CheckOutputsAreFinite()
    {
        var own = Package.Instruments.Where(i => i.Family != ModelPackageInstruments.UserFamily).ToArray();
        var latent = Package.LatentSize;
        for (var start = 0; start < own.Length; start += MaxBatch)
        {
            var batch = Math.Min(MaxBatch, own.Length - start);
            for (var b = 0; b < batch; b++)
            {
                var instrument = own[start + b];
                instrument.Code.AsSpan(0, latent).CopyTo(Latent.AsSpan(b * latent, latent));
                F0[b] = 440f * MathF.Pow(2f, ((instrument.LowNote + instrument.HighNote) / 2f - 69f) / 12f);
                Velocity[b] = 0.8f;
                TimeSinceOnset[b] = 0.1f;
                TimeSinceRelease[b] = -1f;
            }
            try
            {
                Decode(batch);
            }
            catch (OnnxRuntimeException e)
            {
                throw new ModelPackageException($"{Package.DecoderPath}: decoding fails ({e.Message.Split('\n')[0]}); the graph and the manifest's tensor widths disagree", e);
            }
            for (var b = 0; b < batch; b++)
            {
                for (var o = 0; o < _outputNames.Length; o++)
                {
                    var row = _outputArrays[o].AsSpan(b * _outputWidths[o], _outputWidths[o]);
                    var at = FirstNonFinite(row);
                    if (at >= 0)
                        throw new ModelPackageException($"{Package.DecoderPath}: gives {row[at]} for instrument '{own[start + b].Name}' (in {_outputNames[o]}): a decoder must give finite values (a bad export?); refused");
                }
            }
        }
        // The decoder is handed over as constructed: inputs and outputs zero (a caller filling only some inputs relies on it).
        foreach (var array in _outputArrays) Array.Clear(array);
        foreach (var array in new[] { Latent, F0, Velocity, TimeSinceOnset, TimeSinceRelease }) Array.Clear(array);
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) return i;
        }
        return -1;
    }

    private static ExecutionProviderKind AppendProvider(SessionOptions options, ExecutionProviderKind wanted, out string? fallback)
    {
        fallback = null;
        if (wanted == ExecutionProviderKind.Cpu) return ExecutionProviderKind.Cpu;
        var available = OrtEnv.Instance().GetAvailableProviders();
        var name = wanted == ExecutionProviderKind.Cuda ? "CUDAExecutionProvider" : "TensorrtExecutionProvider";
        if (!available.Contains(name))
        {
            fallback = $"{wanted} requested but this ONNX Runtime has only {string.Join(", ", available)}: decoding on the CPU";
            return ExecutionProviderKind.Cpu;
        }
        try
        {
            if (wanted == ExecutionProviderKind.Cuda) options.AppendExecutionProvider_CUDA();
            else options.AppendExecutionProvider_Tensorrt();
            return wanted;
        }
        catch (OnnxRuntimeException e)
        {
            fallback = $"{wanted} could not start ({e.Message.Split('\n')[0]}): decoding on the CPU";
            return ExecutionProviderKind.Cpu;
        }
    }

    public void Dispose()
    {
        foreach (var binding in _bindingByBatch) binding?.Dispose();
        foreach (var set in _inputsByBatch.Concat(_outputsByBatch))
        {
            if (set is null) continue;
            foreach (var v in set) v.Dispose();
        }
        _runOptions.Dispose();
        _session.Dispose();
    }
}
