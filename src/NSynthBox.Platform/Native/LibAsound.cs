using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NSynthBox.Platform.Native;

/// <summary>
/// alsa-lib through its runtime name, libasound.so.2 (the bare "libasound" only exists where the
/// -dev package is installed). PCM playback, the sequencer, and the card/device listing.
/// </summary>
internal static unsafe partial class LibAsound
{
    public const string Lib = "libasound.so.2";

    public const int SND_PCM_STREAM_PLAYBACK = 0;
    public const int SND_PCM_ACCESS_RW_INTERLEAVED = 3;
    public const int SND_PCM_FORMAT_S16_LE = 2, SND_PCM_FORMAT_S32_LE = 10, SND_PCM_FORMAT_FLOAT_LE = 14;
    public const int SND_PCM_TYPE_FILE = 3, SND_PCM_TYPE_NULL = 4;

    public const int SND_SEQ_OPEN_DUPLEX = 3, SND_SEQ_NONBLOCK = 1;
    public const uint SND_SEQ_PORT_CAP_READ = 0x1, SND_SEQ_PORT_CAP_WRITE = 0x2, SND_SEQ_PORT_CAP_SUBS_READ = 0x20,
        SND_SEQ_PORT_CAP_SUBS_WRITE = 0x40, SND_SEQ_PORT_CAP_NO_EXPORT = 0x80;
    public const uint SND_SEQ_PORT_TYPE_MIDI_GENERIC = 0x2, SND_SEQ_PORT_TYPE_HARDWARE = 0x10000,
        SND_SEQ_PORT_TYPE_SOFTWARE = 0x20000, SND_SEQ_PORT_TYPE_SYNTHESIZER = 0x40000,
        SND_SEQ_PORT_TYPE_PORT = 0x80000, SND_SEQ_PORT_TYPE_APPLICATION = 0x100000;
    public const int SND_SEQ_CLIENT_SYSTEM = 0, SND_SEQ_PORT_SYSTEM_ANNOUNCE = 1;
    public const byte SND_SEQ_ADDRESS_SUBSCRIBERS = 254, SND_SEQ_ADDRESS_UNKNOWN = 253, SND_SEQ_QUEUE_DIRECT = 253;

    // ---- PCM ----

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_pcm_open(out nint pcm, string name, int stream, int mode);

    [LibraryImport(Lib)] public static partial int snd_pcm_close(nint pcm);
    [LibraryImport(Lib)] public static partial int snd_pcm_hw_params_malloc(out nint parameters);
    [LibraryImport(Lib)] public static partial void snd_pcm_hw_params_free(nint parameters);
    [LibraryImport(Lib)] public static partial int snd_pcm_hw_params_any(nint pcm, nint parameters);
    [LibraryImport(Lib)] public static partial int snd_pcm_hw_params_set_access(nint pcm, nint parameters, int access);
    [LibraryImport(Lib)] public static partial int snd_pcm_hw_params_test_format(nint pcm, nint parameters, int format);
    [LibraryImport(Lib)] public static partial int snd_pcm_hw_params_set_format(nint pcm, nint parameters, int format);
    [LibraryImport(Lib)] public static partial int snd_pcm_hw_params_set_channels_near(nint pcm, nint parameters, uint* channels);
    [LibraryImport(Lib)] public static partial int snd_pcm_hw_params_set_rate_near(nint pcm, nint parameters, uint* rate, int* dir);
    [LibraryImport(Lib)] public static partial int snd_pcm_hw_params_set_period_size_near(nint pcm, nint parameters, nuint* frames, int* dir);
    [LibraryImport(Lib)] public static partial int snd_pcm_hw_params_set_periods_near(nint pcm, nint parameters, uint* periods, int* dir);
    [LibraryImport(Lib)] public static partial int snd_pcm_hw_params_set_buffer_size_near(nint pcm, nint parameters, nuint* frames);
    [LibraryImport(Lib)] public static partial int snd_pcm_hw_params(nint pcm, nint parameters);
    [LibraryImport(Lib)] public static partial int snd_pcm_hw_params_get_period_size(nint parameters, nuint* frames, int* dir);
    [LibraryImport(Lib)] public static partial int snd_pcm_hw_params_get_buffer_size(nint parameters, nuint* frames);
    [LibraryImport(Lib)] public static partial int snd_pcm_sw_params_malloc(out nint parameters);
    [LibraryImport(Lib)] public static partial void snd_pcm_sw_params_free(nint parameters);
    [LibraryImport(Lib)] public static partial int snd_pcm_sw_params_current(nint pcm, nint parameters);
    [LibraryImport(Lib)] public static partial int snd_pcm_sw_params_set_start_threshold(nint pcm, nint parameters, nuint frames);
    [LibraryImport(Lib)] public static partial int snd_pcm_sw_params_set_avail_min(nint pcm, nint parameters, nuint frames);
    [LibraryImport(Lib)] public static partial int snd_pcm_sw_params(nint pcm, nint parameters);
    [LibraryImport(Lib)] public static partial int snd_pcm_prepare(nint pcm);
    [LibraryImport(Lib)] public static partial nint snd_pcm_writei(nint pcm, void* buffer, nuint frames);
    [LibraryImport(Lib)] public static partial int snd_pcm_recover(nint pcm, int error, int silent);
    [LibraryImport(Lib)] public static partial int snd_pcm_wait(nint pcm, int timeoutMs);
    [LibraryImport(Lib)] public static partial int snd_pcm_delay(nint pcm, nint* frames);
    [LibraryImport(Lib)] public static partial int snd_pcm_drain(nint pcm);
    [LibraryImport(Lib)] public static partial int snd_pcm_drop(nint pcm);
    [LibraryImport(Lib)] public static partial int snd_pcm_type(nint pcm);
    [LibraryImport(Lib)] public static partial nint snd_pcm_name(nint pcm);
    [LibraryImport(Lib)] public static partial nint snd_strerror(int error);

    [LibraryImport(Lib)] public static partial int snd_card_next(int* card);
    [LibraryImport(Lib)] public static partial int snd_card_get_name(int card, out nint name);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_device_name_hint(int card, string iface, out nint hints);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint snd_device_name_get_hint(nint hint, string id);

    [LibraryImport(Lib)] public static partial int snd_device_name_free_hint(nint hints);

    [LibraryImport(Lib)] public static partial int snd_lib_error_set_handler(nint handler);

    // ---- sequencer ----

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_seq_open(out nint seq, string name, int streams, int mode);

    [LibraryImport(Lib)] public static partial int snd_seq_close(nint seq);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_seq_set_client_name(nint seq, string name);

    [LibraryImport(Lib)] public static partial int snd_seq_client_id(nint seq);

    [LibraryImport(Lib, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_seq_create_simple_port(nint seq, string name, uint caps, uint type);

    [LibraryImport(Lib)] public static partial int snd_seq_connect_from(nint seq, int myPort, int sourceClient, int sourcePort);
    [LibraryImport(Lib)] public static partial int snd_seq_connect_to(nint seq, int myPort, int destClient, int destPort);
    [LibraryImport(Lib)] public static partial int snd_seq_poll_descriptors_count(nint seq, short events);
    [LibraryImport(Lib)] public static partial int snd_seq_poll_descriptors(nint seq, LibC.PollFd* fds, uint space, short events);
    [LibraryImport(Lib)] public static partial int snd_seq_event_input(nint seq, SeqEvent** ev);
    [LibraryImport(Lib)] public static partial int snd_seq_event_output_direct(nint seq, SeqEvent* ev);
    [LibraryImport(Lib)] public static partial int snd_seq_client_info_malloc(out nint info);
    [LibraryImport(Lib)] public static partial void snd_seq_client_info_free(nint info);
    [LibraryImport(Lib)] public static partial void snd_seq_client_info_set_client(nint info, int client);
    [LibraryImport(Lib)] public static partial int snd_seq_client_info_get_client(nint info);
    [LibraryImport(Lib)] public static partial nint snd_seq_client_info_get_name(nint info);
    [LibraryImport(Lib)] public static partial int snd_seq_query_next_client(nint seq, nint info);
    [LibraryImport(Lib)] public static partial int snd_seq_get_any_client_info(nint seq, int client, nint info);
    [LibraryImport(Lib)] public static partial int snd_seq_port_info_malloc(out nint info);
    [LibraryImport(Lib)] public static partial void snd_seq_port_info_free(nint info);
    [LibraryImport(Lib)] public static partial void snd_seq_port_info_set_client(nint info, int client);
    [LibraryImport(Lib)] public static partial void snd_seq_port_info_set_port(nint info, int port);
    [LibraryImport(Lib)] public static partial int snd_seq_port_info_get_client(nint info);
    [LibraryImport(Lib)] public static partial int snd_seq_port_info_get_port(nint info);
    [LibraryImport(Lib)] public static partial nint snd_seq_port_info_get_name(nint info);
    [LibraryImport(Lib)] public static partial uint snd_seq_port_info_get_capability(nint info);
    [LibraryImport(Lib)] public static partial uint snd_seq_port_info_get_type(nint info);
    [LibraryImport(Lib)] public static partial int snd_seq_query_next_port(nint seq, nint info);
    [LibraryImport(Lib)] public static partial int snd_seq_get_any_port_info(nint seq, int client, int port, nint info);

    public static string ErrorText(int error) => Marshal.PtrToStringUTF8(snd_strerror(error)) ?? $"error {error}";

    public static string? Text(nint utf8) => utf8 == 0 ? null : Marshal.PtrToStringUTF8(utf8);

    private static int _quiet;

    /// <summary>
    /// alsa-lib prints its own diagnostics to stderr (e.g. "ALSA lib pcm.c:2666: Unknown PCM default");
    /// every failure is reported by our code with the device name and snd_strerror, so those are silenced.
    /// </summary>
    public static void SilenceLibraryMessages()
    {
        if (Interlocked.Exchange(ref _quiet, 1) == 1) return;
        try
        {
            snd_lib_error_set_handler((nint)(delegate* unmanaged[Cdecl]<nint, int, nint, int, nint, void>)&IgnoreError);
        }
        catch (DllNotFoundException)
        {
            // No alsa-lib at all: the callers report that when they open a device.
        }
    }

    // The C handler is variadic (fmt, ...); the fixed arguments arrive in the same registers on
    // x86-64 and AArch64 Linux, and the variadic ones are simply not read.
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void IgnoreError(nint file, int line, nint function, int error, nint format)
    {
    }
}
