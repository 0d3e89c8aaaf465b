namespace NSynthBox.Platform.Audio;

/// <summary>
/// Single-producer / single-consumer ring of samples: the audio thread writes, another thread
/// reads. Lock-free (Volatile indices), allocation-free after construction.
/// </summary>
internal sealed class FloatRing
{
    private readonly float[] _buffer;
    private readonly int _mask;
    private long _written;
    private long _read;

    public FloatRing(int minimumCapacity)
    {
        var capacity = 1;
        while (capacity < minimumCapacity) capacity <<= 1;
        _buffer = new float[capacity];
        _mask = capacity - 1;
    }

    public int Capacity => _buffer.Length;

    public int Available => (int)(Volatile.Read(ref _written) - Volatile.Read(ref _read));

    /// <summary>Producer: copies as much of <paramref name="samples"/> as fits; returns the count copied.</summary>
    public int Write(ReadOnlySpan<float> samples)
    {
        var written = _written;
        var free = _buffer.Length - (int)(written - Volatile.Read(ref _read));
        var count = Math.Min(free, samples.Length);
        for (var i = 0; i < count; i++) _buffer[(int)((written + i) & _mask)] = samples[i];
        Volatile.Write(ref _written, written + count);
        return count;
    }

    /// <summary>Consumer: moves up to <paramref name="destination"/>.Length samples out; returns the count.</summary>
    public int Read(Span<float> destination)
    {
        var read = _read;
        var count = Math.Min(destination.Length, (int)(Volatile.Read(ref _written) - read));
        for (var i = 0; i < count; i++) destination[i] = _buffer[(int)((read + i) & _mask)];
        Volatile.Write(ref _read, read + count);
        return count;
    }
}
