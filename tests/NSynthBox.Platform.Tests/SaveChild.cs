using NSynthBox.Platform.State;
using NSynthBox.Web;

namespace NSynthBox.Platform.Tests;

/// <summary>
/// The test assembly's entry point, used only when a test starts it as a child process
/// (<c>dotnet exec NSynthBox.Platform.Tests.dll patch-loop DIR</c>): the process that the save tests
/// kill with SIGKILL or starve of disk. Under the test runner nothing calls it. Every version it
/// writes is a pure function of its number, so a test can tell which version a file holds.
/// </summary>
internal static class SaveChild
{
    public static int Main(string[] args)
    {
        switch (args)
        {
            case ["patch-loop", var dir]:
                var patches = new PatchStore(dir);
                for (var i = 1; ; i++)
                {
                    patches.Save(0, PatchVersion(i));
                    Console.Out.WriteLine(i); // printed only once the save returned: this version is on disk
                    Console.Out.Flush();
                }
            case ["patch-once", var dir, var number, var limitKib]:
                try
                {
                    LimitFileSize(limitKib);
                    new PatchStore(dir).Save(0, PatchVersion(int.Parse(number, System.Globalization.CultureInfo.InvariantCulture)));
                    return 0;
                }
                catch (IOException e)
                {
                    Console.Error.WriteLine(e.Message);
                    return 3;
                }
            case ["settings-loop", var path]:
                var store = new JsonSettingsStore(path, "Panel");
                for (var i = 1; ; i++)
                {
                    var result = store.Save(SettingsVersion(i));
                    if (!result.Saved) throw new InvalidOperationException(result.Message);
                    Console.Out.WriteLine(i);
                    Console.Out.Flush();
                }
            case ["settings-once", var path, var number, var limitKib]:
                LimitFileSize(limitKib);
                var once = new JsonSettingsStore(path, "Panel").Save(SettingsVersion(int.Parse(number, System.Globalization.CultureInfo.InvariantCulture)));
                Console.Error.WriteLine(once.Message);
                return once.Saved ? 0 : 3;
            default:
                Console.Error.WriteLine("usage: patch-loop DIR | patch-once DIR N KIB | settings-loop FILE | settings-once FILE N KIB");
                return 2;
        }
    }

    /// <summary>
    /// Limits the size of any file this process writes (RLIMIT_FSIZE), as a full disk would: a write
    /// past it fails with EFBIG (SIGXFSZ must be ignored, see the test). Set only now, after the
    /// runtime started: the runtime itself needs to size its own memory-backed files at start-up.
    /// </summary>
    private static unsafe void LimitFileSize(string kib)
    {
        var bytes = ulong.Parse(kib, System.Globalization.CultureInfo.InvariantCulture) * 1024;
        var limit = stackalloc ulong[] { bytes, bytes };
        if (setrlimit(RlimitFsize, limit) != 0) throw new InvalidOperationException($"setrlimit(RLIMIT_FSIZE) failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
    }

    private const int RlimitFsize = 1;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
#pragma warning disable SYSLIB1054 // one call in a test helper
    private static extern unsafe int setrlimit(int resource, ulong* limit);
#pragma warning restore SYSLIB1054

    /// <summary>Version <paramref name="i"/> (below a million) of patch slot 1: the corners spell the number.</summary>
    public static Patch PatchVersion(int i) =>
        new([i % 100, i / 100 % 100, i / 10000 % 100, 7], i % 997 / 997f, i % 991 / 991f, [.. Enumerable.Range(0, 6).Select(k => (i + k) % 101 / 101f)]);

    /// <summary>The version a patch is, or -1 when it is not one of <see cref="PatchVersion"/>'s.</summary>
    public static int VersionOf(Patch patch)
    {
        var i = patch.Corners[0] + 100 * patch.Corners[1] + 10000 * patch.Corners[2];
        var expected = PatchVersion(i);
        var same = patch.Corners.SequenceEqual(expected.Corners) && Math.Abs(patch.X - expected.X) < 1e-4 && Math.Abs(patch.Y - expected.Y) < 1e-4 &&
                   patch.Knobs.Zip(expected.Knobs).All(p => Math.Abs(p.First - p.Second) < 1e-4);
        return same ? i : -1;
    }

    /// <summary>Version <paramref name="i"/> of the web panel's settings: the audio device names the number.</summary>
    public static PanelSettings SettingsVersion(int i) => new() { MidiChannel = i % 17, AudioDevice = $"hw:{i},0" };

    public static int VersionOf(PanelSettings settings) =>
        settings.AudioDevice.StartsWith("hw:", StringComparison.Ordinal) && int.TryParse(settings.AudioDevice[3..^2], out var i) && settings.MidiChannel == i % 17 ? i : -1;
}
