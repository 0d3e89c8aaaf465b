namespace NSynthBox.Engine;

/// <summary>
/// Single-producer (control worker) / single-consumer (audio thread) ring of control frames.
/// Lock-free: the two sides only exchange counters with Volatile reads and writes. The consumer
/// keeps the frame it is playing until it takes the next one, so a late worker means the audio
/// holds its last frame instead of reading a half-written one.
/// </summary>
internal sealed class FrameRing
{
    private readonly ControlFrame[] _frames;
    private long _written;     // frames published by the producer
    private long _inUse = -1;  // index of the frame the consumer is playing

    public FrameRing(int capacity, Func<ControlFrame> create)
    {
        _frames = new ControlFrame[capacity];
        for (var i = 0; i < capacity; i++) _frames[i] = create();
    }

    /// <summary>Frames published and not yet taken by the consumer.</summary>
    public int Ready => (int)(Volatile.Read(ref _written) - Volatile.Read(ref _inUse) - 1);

    /// <summary>Frames published so far (the index the next one will have).</summary>
    public long Published => Volatile.Read(ref _written);

    /// <summary>Producer: the next frame to fill, or null while the ring is full.</summary>
    public ControlFrame? TryBeginWrite()
    {
        var written = Volatile.Read(ref _written);
        // Slot written % capacity must not be the one the consumer still plays.
        return written - Volatile.Read(ref _inUse) >= _frames.Length ? null : _frames[written % _frames.Length];
    }

    public void EndWrite() => Volatile.Write(ref _written, _written + 1);

    /// <summary>Consumer: takes the next published frame (releasing the previous one), or null when none is ready.</summary>
    public ControlFrame? TryTakeNext()
    {
        var next = _inUse + 1;
        if (next >= Volatile.Read(ref _written)) return null;
        Volatile.Write(ref _inUse, next);
        return _frames[next % _frames.Length];
    }
}
