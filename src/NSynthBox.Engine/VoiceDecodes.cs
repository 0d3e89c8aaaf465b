using NSynthBox.Neural;

namespace NSynthBox.Engine;

/// <summary>
/// Each voice slot's decoded values for the frame being prepared, and the decoded frames ("knots")
/// behind them, so that a settled voice is decoded only every other frame.
/// </summary>
/// <remarks>
/// The synthesizer draws straight lines between frames, so a voice whose decoded values move along a
/// gentle curve loses nothing audible when one frame in two is the midpoint of its neighbours. A voice
/// counts as settled while the values it would have had that way stay within <see cref="SettledError"/>
/// (energy of the difference over the energy of the harmonics and noise: -40 dB, at most 0.09 dB of level)
/// of the decoded ones: three knots a frame apart show what skipping the middle one would have cost, and
/// three knots two frames apart show it again, a quarter of the amplitude error for half the spacing. A
/// settled voice is decoded on even frames, one frame ahead, and the odd frame between takes the stored
/// knot; the even frame itself is the midpoint. All settled voices share the even frames: a decoder call
/// costs mostly the same whatever its batch (114 us for one voice, 200 us for 16, measured in the engine),
/// so spreading them over both frames (tried first) halved the rows but not the cost. Note starts,
/// releases and finger jumps decode every frame until three knots agree again. Measured on hpn-v2 1.10.0
/// (112 instruments, C2-C6): the midpoint error of 10 ms knots
/// is below -50 dB on average from 60 ms after note-on and for every instrument from about 300 ms. The
/// decoder is piecewise linear in its inputs, so a moving finger bends the curves at kinks: at -50 dB
/// voices kept leaving the settled state there (0.53 of the voice-frames decoded in the bench, not 0.50).
/// </remarks>
internal sealed class VoiceDecodes
{
    /// <summary>Largest relative error (energy ratio, -40 dB) of a midpoint frame that keeps a voice settled.</summary>
    public const double SettledError = 1e-4;

    private readonly float[][] _decoder;   // the decoder's output arrays (a row per batch entry), the present ones
    private readonly int[] _widths;
    private readonly float[][] _current;   // per output: [slot * width], the values of the frame being prepared
    private readonly float[][] _knot;      // the latest decoded frame
    private readonly float[][] _previous;  // the one before it
    private readonly long[] _knotFrame;
    private readonly long[] _previousFrame;
    private readonly bool[] _settled;
    private readonly int _harmonics, _noise, _subs, _stretch, _modulation, _transient, _layer; // output indices, -1 when absent

    public VoiceDecodes(NeuralDecoder decoder, int slots)
    {
        float[][] all = [decoder.Harmonics, decoder.Noise, decoder.SubAmplitudes, decoder.Stretch, decoder.Modulation, decoder.Transient, decoder.Layer];
        var present = all.Where(a => a.Length > 0).ToArray();
        _decoder = present;
        _widths = present.Select(a => a.Length / decoder.MaxBatch).ToArray();
        int Index(float[] a) => Array.IndexOf(present, a);
        (_harmonics, _noise, _subs, _stretch, _modulation, _transient, _layer) = (Index(decoder.Harmonics), Index(decoder.Noise),
            Index(decoder.SubAmplitudes), Index(decoder.Stretch), Index(decoder.Modulation), Index(decoder.Transient), Index(decoder.Layer));
        _current = _widths.Select(w => new float[slots * w]).ToArray();
        _knot = _widths.Select(w => new float[slots * w]).ToArray();
        _previous = _widths.Select(w => new float[slots * w]).ToArray();
        _knotFrame = new long[slots];
        _previousFrame = new long[slots];
        _settled = new bool[slots];
        for (var s = 0; s < slots; s++) Forget(s);
    }

    /// <summary>What the frame being prepared does for a voice.</summary>
    public enum Plan
    {
        /// <summary>Decode at this frame's time.</summary>
        DecodeNow,

        /// <summary>Settled: decode at the next frame's time; this frame is the midpoint.</summary>
        DecodeAhead,

        /// <summary>Last frame decoded this one ahead: no decode.</summary>
        UseKnot,
    }

    /// <summary>Decides the voice's plan for <paramref name="frame"/>; <see cref="Plan.UseKnot"/> already fills its values.</summary>
    public Plan Decide(int slot, long frame, bool decimate)
    {
        if (_knotFrame[slot] == frame)
        {
            CopyRow(_knot, slot, _current, slot);
            return Plan.UseKnot;
        }
        return decimate && _settled[slot] && _knotFrame[slot] == frame - 1 && (frame & 1) == 0 ? Plan.DecodeAhead : Plan.DecodeNow;
    }

    /// <summary>The voice starts over (new note, release, finger jump): its next frames are decoded until they settle again.</summary>
    public void Forget(int slot)
    {
        _knotFrame[slot] = long.MinValue / 2;
        _previousFrame[slot] = long.MinValue / 2;
        _settled[slot] = false;
    }

    /// <summary>Takes decoder row <paramref name="row"/> as the slot's values at <paramref name="frame"/> (<see cref="Plan.DecodeNow"/>).</summary>
    public void StoreNow(int slot, int row, long frame)
    {
        var even = _knotFrame[slot] == frame - 1 && _previousFrame[slot] == frame - 2;
        _settled[slot] = even && MidpointError(slot, row) <= SettledError;
        Shift(slot, row, frame);
        CopyRow(_knot, slot, _current, slot);
    }

    /// <summary>Takes decoder row <paramref name="row"/>, decoded at frame + 1's time (<see cref="Plan.DecodeAhead"/>); this frame gets the midpoint.</summary>
    public void StoreAhead(int slot, int row, long frame)
    {
        // Knots two frames apart: skipping the middle one of a 4-frame span errs 4 times as much in amplitude as the 2-frame midpoint.
        if (_previousFrame[slot] == frame - 3) _settled[slot] = MidpointError(slot, row) / 16 <= SettledError;
        for (var o = 0; o < _widths.Length; o++)
        {
            var w = _widths[o];
            var knot = _knot[o].AsSpan(slot * w, w);
            var next = _decoder[o].AsSpan(row * w, w);
            var current = _current[o].AsSpan(slot * w, w);
            for (var k = 0; k < w; k++) current[k] = 0.5f * (knot[k] + next[k]);
        }
        Shift(slot, row, frame + 1);
    }

    public ReadOnlySpan<float> Harmonics(int slot) => Row(_harmonics, slot);

    public ReadOnlySpan<float> Noise(int slot) => Row(_noise, slot);

    public ReadOnlySpan<float> SubAmplitudes(int slot) => Row(_subs, slot);

    public float Stretch(int slot) => _stretch < 0 ? 0f : _current[_stretch][slot];

    public ReadOnlySpan<float> Modulation(int slot) => Row(_modulation, slot);

    public ReadOnlySpan<float> Transient(int slot) => Row(_transient, slot);

    public ReadOnlySpan<float> Layer(int slot) => Row(_layer, slot);

    private ReadOnlySpan<float> Row(int output, int slot) =>
        output < 0 ? ReadOnlySpan<float>.Empty : _current[output].AsSpan(slot * _widths[output], _widths[output]);

    /// <summary>Energy of (knot - midpoint of previous and row) over the knot's, over harmonics and noise.</summary>
    private double MidpointError(int slot, int row)
    {
        double error = 0, energy = 0;
        foreach (var o in (ReadOnlySpan<int>)[_harmonics, _noise])
        {
            var w = _widths[o];
            var before = _previous[o].AsSpan(slot * w, w);
            var middle = _knot[o].AsSpan(slot * w, w);
            var after = _decoder[o].AsSpan(row * w, w);
            for (var k = 0; k < w; k++)
            {
                double d = middle[k] - (0.5 * (before[k] + after[k]));
                error += d * d;
                energy += (double)middle[k] * middle[k];
            }
        }
        return energy > 0 ? error / energy : (error > 0 ? double.PositiveInfinity : 0);
    }

    private void Shift(int slot, int row, long frame)
    {
        CopyRow(_knot, slot, _previous, slot);
        CopyRow(_decoder, row, _knot, slot);
        _previousFrame[slot] = _knotFrame[slot];
        _knotFrame[slot] = frame;
    }

    /// <summary>Row <paramref name="fromRow"/> of every output in <paramref name="from"/> to row <paramref name="toRow"/> of <paramref name="to"/>.</summary>
    private void CopyRow(float[][] from, int fromRow, float[][] to, int toRow)
    {
        for (var o = 0; o < _widths.Length; o++)
        {
            var w = _widths[o];
            from[o].AsSpan(fromRow * w, w).CopyTo(to[o].AsSpan(toRow * w, w));
        }
    }
}
