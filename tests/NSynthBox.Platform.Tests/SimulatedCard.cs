using NSynthBox.Platform.Audio;
using NSynthBox.Platform.Native;

namespace NSynthBox.Platform.Tests;

/// <summary>
/// A sound card in software with ALSA's calling conventions: it plays its buffer at the sample rate
/// against the wall clock, returns -EPIPE once the producer lets it run dry (until snd_pcm_recover),
/// and can be made to vanish (-ENODEV) after a number of periods, as an unplugged USB card does.
/// </summary>
internal sealed unsafe class SimulatedCard(AudioStreamFormat format, int vanishAfterPeriods = -1) : IPcmDevice
{
    private readonly PlaybackClock _clock = new(format.SampleRate, format.BufferFrames);
    private bool _xrun;
    private bool _never;
    private int _periods;

    public AudioStreamFormat Format => format;
    public string Name => "simulated";
    public bool NeedsPacing => false;
    public long FramesPlayed;
    public int Recovered;
    public bool Disposed;

    public int Wait(int timeoutMs)
    {
        if (Gone) return -Errno.ENODEV;
        if (_xrun || _clock.RanDry)
        {
            _xrun = true;
            return -Errno.EPIPE;
        }
        _clock.WaitForSpace(format.PeriodFrames, ref _never);
        return 1;
    }

    private bool Gone => vanishAfterPeriods >= 0 && _periods >= vanishAfterPeriods;

    public nint Write(byte* interleaved, int frames)
    {
        if (Gone) return -Errno.ENODEV;
        if (_xrun || _clock.RanDry)
        {
            _xrun = true;
            return -Errno.EPIPE;
        }
        _clock.Commit(frames);
        FramesPlayed += frames;
        _periods++;
        return frames;
    }

    public int Recover(int error)
    {
        if (error != -Errno.EPIPE) return error;
        _xrun = false;
        _clock.Restart();
        Recovered++;
        return 0;
    }

    public long Delay() => _clock.Queued;

    public void Drain()
    {
    }

    public void Dispose() => Disposed = true;
}
