using System.Buffers.Binary;
using System.Diagnostics;
using NSynthBox.Tests.Shared;
using Xunit.Abstractions;

namespace NSynthBox.Deploy.Tests;

/// <summary>
/// Runs only where it can: skipped when qemu-aarch64-static is not installed (with the packages to
/// install in the skip reason) or when NSYNTHBOX_ARM64_TEST=0. With NSYNTHBOX_ARM64_TEST=1 (set by
/// CI after installing the packages) a missing qemu is a failure instead of a skip.
/// </summary>
public sealed class Arm64FactAttribute : FactAttribute
{
    public const string Packages =
        "dpkg --add-architecture arm64 && apt-get update && apt-get install -y qemu-user-static libc6:arm64 libstdc++6:arm64 libssl3:arm64";

    public Arm64FactAttribute()
    {
        var wanted = Environment.GetEnvironmentVariable("NSYNTHBOX_ARM64_TEST");
        if (wanted == "0")
        {
            Skip = "NSYNTHBOX_ARM64_TEST=0";
        }
        else if (wanted != "1" && !Tool.OnPath("qemu-aarch64-static"))
        {
            Skip = $"qemu-aarch64-static is not installed, so the linux-arm64 build is not checked: {Packages} " +
                   "(NSYNTHBOX_ARM64_TEST=1 makes this a failure)";
        }
    }
}

public class Arm64QemuTests(ITestOutputHelper output)
{
    private const float Tolerance = 1e-4f;

    [Arm64Fact]
    public void Arm64_build_under_qemu_renders_the_same_audio_as_the_x64_build()
    {
        Assert.True(Tool.OnPath("qemu-aarch64-static"), $"NSYNTHBOX_ARM64_TEST=1 but qemu-aarch64-static is not installed: {Arm64FactAttribute.Packages}");
        var work = RepoPaths.Combine("out", "arm64-test");
        var clock = Stopwatch.StartNew();
        var r = Tool.Run("bash", [Path.Combine(Tool.Scripts, "test-arm64-qemu.sh"), "--out", work, "--tolerance", "1e-4"],
            timeout: TimeSpan.FromMinutes(25));
        output.WriteLine(r.Output);
        output.WriteLine($"test-arm64-qemu.sh took {clock.Elapsed.TotalSeconds:0} s");
        Assert.True(r.ExitCode == 0, $"test-arm64-qemu.sh: {r}");

        var (x64Rate, x64) = ReadFloatWav(Path.Combine(work, "x64.wav"));
        var (armRate, arm) = ReadFloatWav(Path.Combine(work, "arm64.wav"));
        Assert.Equal(48000, x64Rate);
        Assert.Equal(x64Rate, armRate);
        Assert.Equal(x64.Length, arm.Length);
        Assert.True(x64.Length >= 48000, $"expected at least a second of audio, got {x64.Length} samples");
        var peak = x64.Max(MathF.Abs);
        Assert.True(peak > 0.01f, $"the x64 render is silent (peak {peak})");
        var maxDiff = 0f;
        var at = 0;
        for (var i = 0; i < x64.Length; i++)
        {
            var d = MathF.Abs(x64[i] - arm[i]);
            if (d > maxDiff) (maxDiff, at) = (d, i);
        }
        output.WriteLine($"{x64.Length} samples, peak {peak:0.0000}, max abs diff {maxDiff:g3} at sample {at}");
        Assert.True(maxDiff < Tolerance, $"arm64 and x64 renders differ by {maxDiff} at sample {at} (tolerance {Tolerance})");
    }

    /// <summary>Mono or multichannel 32-bit float WAV (format 3), samples interleaved.</summary>
    internal static (int SampleRate, float[] Samples) ReadFloatWav(string path)
    {
        var b = File.ReadAllBytes(path);
        Assert.True(b.Length >= 12 && b.AsSpan(0, 4).SequenceEqual("RIFF"u8) && b.AsSpan(8, 4).SequenceEqual("WAVE"u8), path + ": not a WAV file");
        int? rate = null;
        for (var i = 12; i + 8 <= b.Length;)
        {
            var id = b.AsSpan(i, 4);
            var n = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(i + 4));
            if (id.SequenceEqual("fmt "u8))
            {
                Assert.Equal(3, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(i + 8)));   // IEEE float
                Assert.Equal(32, BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(i + 22))); // bits per sample
                rate = BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(i + 12));
            }
            else if (id.SequenceEqual("data"u8))
            {
                Assert.True(rate.HasValue, path + ": data before fmt");
                var samples = new float[n / 4];
                for (var k = 0; k < samples.Length; k++) samples[k] = BinaryPrimitives.ReadSingleLittleEndian(b.AsSpan(i + 8 + 4 * k));
                return (rate.Value, samples);
            }
            i += 8 + n + (n & 1);
        }
        throw new InvalidDataException(path + ": no data chunk");
    }
}
