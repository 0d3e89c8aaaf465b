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

    /// <summary>Blocks until <paramref name="frames"/> fit in the buffer (as snd_pcm_writei does), or until <paramref name="cancel"/> is set.</summary>
    public void WaitForSpace(int frames, ref bool cancel)
    {
        while (!Volatile.Read(ref cancel) && _start >= 0)
        {
            var excess = _written + frames - bufferFrames - Played;
            if (excess <= 0) return;
            var ms = excess * 1000.0 / sampleRate;
            // Sleep(1) takes ~1.1 ms on Linux; sleep a little less than needed and check again.
            if (ms >= 2) Thread.Sleep((int)ms - 1);
            else Thread.Sleep(ms >= 0.5 ? 1 : 0);
        }
    }
}
