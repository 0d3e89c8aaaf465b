namespace NSynthBox.Engine;

/// <summary>
/// Single-producer (control worker) / single-consumer (audio thread) queue of
/// <see cref="NoteOnset"/>s, lock-free like the <see cref="FrameRing"/>: entries are preallocated and
/// the two sides only exchange counters. When it is full the worker simply sends no onset and the
/// note starts at its frame boundary.
/// </summary>
internal sealed class OnsetMailbox
{
    private readonly NoteOnset[] _entries;
    private long _written; // entries published by the producer
    private long _read;    // entries the consumer is done with

    public OnsetMailbox(int capacity, int harmonics, int noiseBands)
    {
        _entries = new NoteOnset[capacity];
        for (var i = 0; i < capacity; i++) _entries[i] = new NoteOnset(harmonics, noiseBands);
    }

    /// <summary>Producer: the next entry to fill, or null while the mailbox is full.</summary>
    public NoteOnset? TryBeginWrite() =>
        _written - Volatile.Read(ref _read) >= _entries.Length ? null : _entries[_written % _entries.Length];

    public void EndWrite() => Volatile.Write(ref _written, _written + 1);

    /// <summary>Consumer: the oldest published entry (still owned by the consumer until <see cref="Release"/>), or null.</summary>
    public NoteOnset? TryPeek() => _read >= Volatile.Read(ref _written) ? null : _entries[_read % _entries.Length];

    public void Release() => Volatile.Write(ref _read, _read + 1);
}
