using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace NSynthBox.Neural.Encoding;

/// <summary>
/// Imports recorded notes as a code of the package's latent space (models/pipeline/refine.py does the
/// same for the model card): the ONNX encoder's guess from each note's features (averaged over the
/// notes), then a Nelder-Mead search that fits the decoder's predicted band powers at the notes'
/// pitches to the recordings, pulled towards the guess.
/// </summary>
public sealed class NeuralSoundEncoder : ISoundEncoder, IDisposable
{
    private readonly ModelPackage _package;
    private readonly EncoderSpec _spec;
    private readonly InferenceSession _session;
    private readonly NeuralDecoder _decoder;
    private readonly ImportFeatures _features;
    private readonly BandPredictor _predictor;
    private readonly float[] _predicted;
    private readonly double[] _frameTimes;

    public NeuralSoundEncoder(ModelPackage package)
    {
        _package = package;
        _spec = package.Encoder ?? throw new ModelPackageException(package.EncoderProblem is { } problem
            ? $"{problem}: importing sounds needs the model's sound encoder (the instrument plays without it)"
            : $"{System.IO.Path.Combine(package.Directory, "manifest.json")}: model '{package.Name}' has no sound encoder (expected an \"encoder\" entry); importing sounds needs a package exported with one");
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        try
        {
            _session = new InferenceSession(_spec.Path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelPackageException($"{_spec.Path}: ONNX Runtime cannot load it ({e.Message.Split('\n')[0]})", e);
        }
        foreach (var name in new[] { "features", "f0_hz" })
        {
            if (!_session.InputMetadata.ContainsKey(name))
                throw new ModelPackageException($"{_spec.Path}: the graph has no input named '{name}' (it has {string.Join(", ", _session.InputMetadata.Keys)})");
        }
        _decoder = new NeuralDecoder(package, _spec.Frames);
        _features = new ImportFeatures(_spec);
        _predictor = new BandPredictor(_spec, package.Synth, package.SampleRate);
        _predicted = new float[_spec.Frames * _spec.Bands];
        _frameTimes = new double[_spec.Frames];
        for (var i = 0; i < _spec.Frames; i++) _frameTimes[i] = (i * _spec.Hop + _spec.FftSize / 2.0) / _spec.SampleRate;
    }

    /// <summary>The encoder's features of a note (for tests and diagnostics).</summary>
    public float[] Features(RecordedNote note) => _features.Compute(Check(note).Samples);

    /// <summary>The encoder network's code for one note, before refinement.</summary>
    public float[] Guess(float[] features, double pitchHz)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(features, [1, _spec.Frames, _spec.Bands]);
        using var f0 = OrtValue.CreateTensorValueFromMemory(new[] { (float)pitchHz }, [1, 1]);
        using var outputs = _session.Run(new RunOptions(), ["features", "f0_hz"], [input, f0], ["z"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>Fit distance (dB) of a code to a note's features when decoded at its pitch.</summary>
    public double Fit(ReadOnlySpan<float> code, float[] features, double pitchHz)
    {
        var latent = _package.LatentSize;
        for (var i = 0; i < _spec.Frames; i++)
        {
            code.CopyTo(_decoder.Latent.AsSpan(i * latent, latent));
            _decoder.F0[i] = (float)pitchHz;
            _decoder.Velocity[i] = (float)_spec.Velocity;
            _decoder.TimeSinceOnset[i] = (float)_frameTimes[i];
            _decoder.TimeSinceRelease[i] = -1f;
        }
        _decoder.Decode(_spec.Frames);
        var h = _package.Harmonics;
        var nb = _package.NoiseBands;
        // A v2 decoder's sub-partials, stretch and tremolo move power between bands (empty arrays: a v1 decoder).
        var subs = _decoder.SubAmplitudes.Length > 0 ? _package.Synth.SubPartials : 0;
        var hasStretch = _decoder.Stretch.Length > 0;
        var hasModulation = _decoder.Modulation.Length > 0;
        var hasLayer = _decoder.Layer.Length > 0;
        const int tremolo = 2;   // modulation = vibrato rate, vibrato depth, tremolo
        const int layerGain = 1; // layer = detune cents, gain
        for (var i = 0; i < _spec.Frames; i++)
        {
            _predictor.Predict((float)pitchHz, _decoder.Harmonics.AsSpan(i * h, h), _decoder.Noise.AsSpan(i * nb, nb),
                _decoder.SubAmplitudes.AsSpan(i * subs, subs), hasStretch ? _decoder.Stretch[i] : 0f,
                hasModulation ? _decoder.Modulation[i * DecoderOutputs.ModulationWidth + tremolo] : 0f,
                hasLayer ? _decoder.Layer[i * DecoderOutputs.LayerWidth + layerGain] : 0f,
                _predicted.AsSpan(i * _spec.Bands, _spec.Bands));
        }
        return FitDistance.Compute(_predicted, features, _spec.Frames, _spec.Bands, _spec.RangeDb);
    }

    public EncodedSound Encode(IReadOnlyList<RecordedNote> notes, CancellationToken cancellationToken = default)
    {
        if (notes.Count == 0) throw new ArgumentException("expected at least one recorded note", nameof(notes));
        var clock = Stopwatch.StartNew();
        var latent = _package.LatentSize;
        var features = notes.Select(n => _features.Compute(Check(n).Samples)).ToArray();
        var guess = new double[latent];
        for (var i = 0; i < notes.Count; i++)
        {
            var z = Guess(features[i], notes[i].PitchHz);
            for (var d = 0; d < latent; d++) guess[d] += z[d] / notes.Count;
        }
        var best = guess;
        // From one note the fit over-fits that pitch (measured: models/pipeline/refine.py); several pitches constrain it.
        var refine = notes.Count >= _spec.RefineMinNotes && _spec.RefineEvaluations > 0;
        if (refine)
        {
            var code = new float[latent];
            double Objective(double[] z)
            {
                for (var d = 0; d < latent; d++) code[d] = (float)z[d];
                double fit = 0, pull = 0;
                for (var i = 0; i < notes.Count; i++) fit += Fit(code, features[i], notes[i].PitchHz) / notes.Count;
                for (var d = 0; d < latent; d++) pull += (z[d] - guess[d]) * (z[d] - guess[d]);
                return fit + _spec.RefinePull * pull;
            }
            (best, _) = NelderMead.Minimize(Objective, guess, _spec.RefineStep, _spec.RefineEvaluations, cancellationToken);
        }
        var result = best.Select(v => (float)v).ToArray();
        var finalFit = notes.Select((n, i) => Fit(result, features[i], n.PitchHz)).Average();
        var method = refine ? $"encoder + {_spec.RefineEvaluations}-step fit to {notes.Count} notes" : "encoder";
        return new EncodedSound(result, finalFit, $"{method}, {clock.Elapsed.TotalSeconds:F1} s");
    }

    private RecordedNote Check(RecordedNote note)
    {
        if (note.SampleRate != _spec.SampleRate)
            throw new ArgumentException($"{note.Source}: the note is at {note.SampleRate} Hz, the encoder reads {_spec.SampleRate} Hz (resample it first)");
        if (!(note.PitchHz is > 8 and < 20000)) throw new ArgumentException($"{note.Source}: pitch {note.PitchHz} Hz is out of range");
        return note;
    }

    public void Dispose()
    {
        _session.Dispose();
        _decoder.Dispose();
    }
}
