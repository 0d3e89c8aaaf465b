namespace NSynthBox.Engine;

/// <summary>One corner of the grid: its instrument, and a crossfade through latent space when it changes.</summary>
internal sealed class Corner(int latentSize)
{
    private readonly float[] _from = new float[latentSize];
    private readonly float[] _to = new float[latentSize];
    private float _mix = 1f;

    public int Instrument { get; private set; } = -1;

    /// <summary>The corner's current code (moving from the old instrument to the new one).</summary>
    public float[] Code { get; } = new float[latentSize];

    public void Set(int instrument, ReadOnlySpan<float> code, bool immediately)
    {
        Instrument = instrument;
        Code.CopyTo(_from.AsSpan());
        code.CopyTo(_to);
        _mix = immediately ? 1f : 0f;
        Update(0f);
    }

    /// <summary>Advances the crossfade by <paramref name="step"/> (fraction of its length).</summary>
    public void Update(float step)
    {
        _mix = Math.Min(1f, _mix + step);
        // Smoothstep: the timbre leaves and arrives gently rather than at a constant rate.
        var w = _mix * _mix * (3 - 2 * _mix);
        for (var i = 0; i < Code.Length; i++) Code[i] = _from[i] + w * (_to[i] - _from[i]);
    }
}
