using NSynthBox.Platform.Native;
using static NSynthBox.Platform.Native.LibAsound;

namespace NSynthBox.Platform.Audio;

/// <summary>An ALSA playback PCM opened and configured through alsa-lib (interleaved read/write access).</summary>
internal sealed unsafe class AlsaPcmDevice : IPcmDevice
{
    private nint _pcm;

    private AlsaPcmDevice(nint pcm, string name, AudioStreamFormat format, bool needsPacing)
    {
        _pcm = pcm;
        Name = name;
        Format = format;
        NeedsPacing = needsPacing;
    }

    public AudioStreamFormat Format { get; }
    public string Name { get; }
    public bool NeedsPacing { get; }

    /// <exception cref="AudioDeviceException">The device is not there or refuses the format; the message says which and why.</exception>
    public static AlsaPcmDevice Open(AudioOptions options)
    {
        options.Validate();
        try
        {
            SilenceLibraryMessages();
            var rc = snd_pcm_open(out var pcm, options.Device, SND_PCM_STREAM_PLAYBACK, 0);
            if (rc < 0) throw new AudioDeviceException($"ALSA device '{options.Device}': {ErrorText(rc)}{OpenHint(rc)}");
            try
            {
                var format = Configure(pcm, options);
                var type = snd_pcm_type(pcm);
                return new AlsaPcmDevice(pcm, Text(snd_pcm_name(pcm)) ?? options.Device, format, type is SND_PCM_TYPE_NULL or SND_PCM_TYPE_FILE);
            }
            catch
            {
                snd_pcm_close(pcm);
                throw;
            }
        }
        catch (DllNotFoundException)
        {
            throw new AudioDeviceException($"ALSA device '{options.Device}': {Lib} not found (install the libasound2 package)");
        }
    }

    private static string OpenHint(int rc) => -rc switch
    {
        Errno.ENOENT or Errno.ENODEV or Errno.ENXIO => " (no such device: 'nsynthbox devices' or 'aplay -L' lists them)",
        Errno.EBUSY => " (in use by another program; 'fuser -v /dev/snd/*' shows which)",
        Errno.EACCES or Errno.EPERM => " (no permission: add the user to the audio group)",
        _ => "",
    };

    private static AudioStreamFormat Configure(nint pcm, AudioOptions options)
    {
        Check(snd_pcm_hw_params_malloc(out var hw), options, "hw_params_malloc");
        try
        {
            Check(snd_pcm_hw_params_any(pcm, hw), options, "no configurations available");
            Check(snd_pcm_hw_params_set_access(pcm, hw, SND_PCM_ACCESS_RW_INTERLEAVED), options, "interleaved access not supported");
            var format = ChooseFormat(pcm, hw, options);
            Check(snd_pcm_hw_params_set_format(pcm, hw, AlsaFormat(format)), options, $"format {AudioStreamFormat.FormatName(format)}");

            var channels = (uint)options.Channels;
            Check(snd_pcm_hw_params_set_channels_near(pcm, hw, &channels), options, $"{options.Channels} channels");
            var rate = (uint)options.SampleRate;
            var dir = 0;
            Check(snd_pcm_hw_params_set_rate_near(pcm, hw, &rate, &dir), options, $"{options.SampleRate} Hz");
            if (rate != options.SampleRate)
                throw new AudioDeviceException($"ALSA device '{options.Device}' plays {rate} Hz, not {options.SampleRate} Hz: use its plughw: name to resample, or a rate it plays (Audio:SampleRate, a multiple of 200)");
            var period = (nuint)options.PeriodFrames;
            dir = 0;
            Check(snd_pcm_hw_params_set_period_size_near(pcm, hw, &period, &dir), options, $"period of {options.PeriodFrames} frames");
            var periods = (uint)options.Periods;
            dir = 0;
            Check(snd_pcm_hw_params_set_periods_near(pcm, hw, &periods, &dir), options, $"{options.Periods} periods");
            Check(snd_pcm_hw_params(pcm, hw), options, "setting the hardware parameters");

            nuint actualPeriod, buffer;
            dir = 0;
            Check(snd_pcm_hw_params_get_period_size(hw, &actualPeriod, &dir), options, "period size");
            Check(snd_pcm_hw_params_get_buffer_size(hw, &buffer), options, "buffer size");
            ConfigureSoftware(pcm, options, actualPeriod, buffer);
            var actualPeriods = (int)Math.Max(1, (ulong)buffer / Math.Max(1UL, (ulong)actualPeriod));
            return new AudioStreamFormat((int)rate, (int)actualPeriod, actualPeriods, (int)channels, format);
        }
        finally
        {
            snd_pcm_hw_params_free(hw);
        }
    }

    private static void ConfigureSoftware(nint pcm, AudioOptions options, nuint period, nuint buffer)
    {
        Check(snd_pcm_sw_params_malloc(out var sw), options, "sw_params_malloc");
        try
        {
            Check(snd_pcm_sw_params_current(pcm, sw), options, "software parameters");
            // Start playing once the buffer is full (we prefill it), wake the writer when a period is free.
            Check(snd_pcm_sw_params_set_start_threshold(pcm, sw, buffer / period * period), options, "start threshold");
            Check(snd_pcm_sw_params_set_avail_min(pcm, sw, period), options, "avail_min");
            Check(snd_pcm_sw_params(pcm, sw), options, "setting the software parameters");
        }
        finally
        {
            snd_pcm_sw_params_free(sw);
        }
    }

    private static SampleFormat ChooseFormat(nint pcm, nint hw, AudioOptions options)
    {
        SampleFormat[] candidates = options.Format == SampleFormat.Auto ? [SampleFormat.Float32, SampleFormat.S32, SampleFormat.S16] : [options.Format];
        foreach (var f in candidates)
        {
            if (snd_pcm_hw_params_test_format(pcm, hw, AlsaFormat(f)) == 0) return f;
        }
        throw new AudioDeviceException($"ALSA device '{options.Device}' accepts none of {string.Join(", ", candidates.Select(AudioStreamFormat.FormatName))}" +
                                       " (Audio:Format auto|float|s32|s16; a plughw: device converts)");
    }

    private static int AlsaFormat(SampleFormat format) => format switch
    {
        SampleFormat.S16 => SND_PCM_FORMAT_S16_LE,
        SampleFormat.S32 => SND_PCM_FORMAT_S32_LE,
        _ => SND_PCM_FORMAT_FLOAT_LE,
    };

    private static void Check(int rc, AudioOptions options, string what)
    {
        if (rc < 0) throw new AudioDeviceException($"ALSA device '{options.Device}': {what}: {ErrorText(rc)}");
    }

    public int Wait(int timeoutMs) => snd_pcm_wait(_pcm, timeoutMs);

    public nint Write(byte* interleaved, int frames) => snd_pcm_writei(_pcm, interleaved, (nuint)frames);

    public int Recover(int error) => snd_pcm_recover(_pcm, error, 1);

    public long Delay()
    {
        nint frames;
        return snd_pcm_delay(_pcm, &frames) == 0 ? frames : -1;
    }

    public void Drain() => snd_pcm_drain(_pcm);

    public void Dispose()
    {
        var pcm = Interlocked.Exchange(ref _pcm, 0);
        if (pcm != 0) snd_pcm_close(pcm);
    }
}
