using System.Runtime.InteropServices;
using NSynthBox.Platform.Native;
using static NSynthBox.Platform.Native.LibAsound;

namespace NSynthBox.Platform.Audio;

/// <summary>What ALSA has to play on: sound cards and playback PCM names (as 'aplay -l' and 'aplay -L' show them).</summary>
public static class AlsaDevices
{
    /// <summary>A PCM name with ALSA's description (card, device, use).</summary>
    public sealed record Pcm(string Name, string Description);

    /// <summary>Whether ALSA sees at least one sound card.</summary>
    public static bool HasSoundCard()
    {
        try
        {
            SilenceLibraryMessages();
            return Cards().Count > 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Cards by index with their names ("0: Headphones").</summary>
    public static unsafe IReadOnlyList<(int Index, string Name)> Cards()
    {
        var result = new List<(int, string)>();
        var card = -1;
        while (snd_card_next(&card) >= 0 && card >= 0)
        {
            var name = snd_card_get_name(card, out var text) >= 0 ? Text(text) : null;
            if (text != 0) LibC.Free(text);
            result.Add((card, name ?? $"card {card}"));
        }
        return result;
    }

    /// <summary>Every PCM that can play, from ALSA's configuration and the cards ("default", "null", "hw:CARD=...,DEV=0", ...).</summary>
    public static IReadOnlyList<Pcm> PlaybackDevices(out string? reason)
    {
        reason = null;
        try
        {
            SilenceLibraryMessages();
            if (snd_device_name_hint(-1, "pcm", out var hints) < 0 || hints == 0)
            {
                reason = "ALSA gave no device list";
                return [];
            }
            var result = new List<Pcm>();
            try
            {
                for (var i = 0; ; i++)
                {
                    var hint = Marshal.ReadIntPtr(hints, i * IntPtr.Size);
                    if (hint == 0) break;
                    var name = Take(snd_device_name_get_hint(hint, "NAME"));
                    var description = Take(snd_device_name_get_hint(hint, "DESC"));
                    var io = Take(snd_device_name_get_hint(hint, "IOID"));
                    if (name is null || io == "Input") continue;
                    result.Add(new Pcm(name, (description ?? "").Replace('\n', ' ')));
                }
            }
            finally
            {
                snd_device_name_free_hint(hints);
            }
            return result;
        }
        catch (DllNotFoundException)
        {
            reason = $"{Lib} not found (install the libasound2 package)";
            return [];
        }
    }

    /// <summary>ALSA raw MIDI devices (/dev/snd/midiC1D0 ...), readable directly by a raw MIDI input.</summary>
    public static IReadOnlyList<string> RawMidiDevices() =>
        Directory.Exists("/dev/snd") ? [.. Directory.GetFiles("/dev/snd", "midiC*D*").Order()] : [];

    /// <summary>Serial lines a DIN MIDI circuit or USB-serial adapter may be on.</summary>
    public static IReadOnlyList<string> SerialPorts() =>
        [.. new[] { "ttyAMA*", "ttyTHS*", "ttyUSB*", "ttyACM*", "serial*" }.SelectMany(p => Directory.GetFiles("/dev", p)).Order()];

    // alsa-lib hands out malloc'd strings the caller frees.
    private static string? Take(nint text)
    {
        if (text == 0) return null;
        var s = Marshal.PtrToStringUTF8(text);
        LibC.Free(text);
        return s;
    }
}
