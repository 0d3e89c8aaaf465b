using System.Diagnostics;

namespace NSynthBox.Platform.Audio;

/// <summary>
/// A sound card's buffer simulated against the wall clock: once it is full, frames are "played" at
/// the sample rate; a producer that lets it run dry gets an underrun, as with a real card.
/// Paces the null and WAV sinks, and ALSA devices that do not block (the "null" PCM).
/// </summary>
internal sealed class PlaybackClock(int sampleRate, int bufferFrames, Func<long>? timestamp = null)
{
    private readonly Func<long> _now = timestamp ?? Stopwatch.GetTimestamp;
    private long _start = -1; // timestamp at which playback started (buffer first filled)
    private long _written;

    public int BufferFrames => bufferFrames;

    public bool Running => _start >= 0;

    /// <summary>Frames written but not yet played.</summary>
    public long Queued => Math.Max(0, _written - Played);

    private long Played => _start < 0 ? 0 : (long)((double)(_now() - _start) * sampleRate / Stopwatch.Frequency);

    /// <summary>True when playback has consumed everything written (the buffer ran dry).</summary>
    public bool RanDry => _start >= 0 && Played > _written;

    /// <summary>Producer: <paramref name="frames"/> more frames were written.</summary>
    public void Commit(int frames)
    {
        _written += frames;
        if (_start < 0 && _written >= bufferFrames) _start = _now();
    }

    /// <summary>After an underrun: empty buffer, playback starts again once it is refilled.</summary>
    public void Restart()
    {
        _start = -1;
        _written = 0;
    }

    /// <summary>
    /// Blocks until <paramref name="frames"/> fit in the buffer (as snd_pcm_writei does), or until
    /// <paramref name="cancel"/> is set. Returns how much later than asked the thread woke (Stopwatch
    /// ticks; 0 when it did not need to sleep): a large figure means the machine did not run it.
    /// </summary>
    public long WaitForSpace(int frames, ref bool cancel)
    {
        long due = -1;
        while (!Volatile.Read(ref cancel) && _start >= 0)
        {
            var excess = _written + frames - bufferFrames - Played;
            if (excess <= 0) break;
            // Sleep until the space is there, like a card's period interrupt: neither a rounded-up
            // millisecond sleep (late) nor a yield loop (which hands the core to any other process).
            var nanoseconds = (excess * 1_000_000_000L + sampleRate - 1) / sampleRate;
            due = _now() + nanoseconds * Stopwatch.Frequency / 1_000_000_000L;
            PreciseSleep.For(nanoseconds);
        }
        return due < 0 ? 0 : Math.Max(0, _now() - due);
    }
}
