using System.Security.Cryptography;
using System.Text;

namespace NSynthBox.Deploy.Tests;

/// <summary>
/// A temporary folder standing in for a freshly flashed board's "/": the boot partition's
/// config.txt and cmdline.txt as Raspberry Pi OS ships them, /proc/device-tree/model, and the
/// passwd/group files with the groups the OS has. Plus fake nsynthbox builds to install.
/// </summary>
internal sealed class FakeBox : IDisposable
{
    public const string PiOsConfigTxt =
        "# For more options and information see\n" +
        "# http://rptl.io/configtxt\n" +
        "dtparam=audio=on\n" +
        "camera_auto_detect=1\n" +
        "display_auto_detect=1\n" +
        "auto_initramfs=1\n" +
        "dtoverlay=vc4-kms-v3d\n" +
        "max_framebuffers=2\n" +
        "disable_fw_kms_setup=1\n" +
        "arm_64bit=1\n" +
        "disable_overscan=1\n" +
        "arm_boost=1\n" +
        "\n" +
        "[cm4]\n" +
        "otg_mode=1\n" +
        "\n" +
        "[cm5]\n" +
        "dtoverlay=dwc2,dr_mode=host\n" +
        "\n" +
        "[all]\n";

    public const string PiOsCmdline =
        "console=serial0,115200 console=tty1 root=PARTUUID=4e639091-02 rootfstype=ext4 fsck.repair=yes rootwait quiet splash plymouth.ignore-serial-consoles\n";

    private readonly string _work;

    public FakeBox(string model, bool raspberryPi = true)
    {
        _work = Directory.CreateTempSubdirectory("nsynthbox-deploy-test.").FullName;
        Root = Path.Combine(_work, "root");
        Directory.CreateDirectory(Root);
        Write("/proc/device-tree/model", model + "\0");
        if (raspberryPi)
        {
            Write("/boot/firmware/config.txt", PiOsConfigTxt);
            Write("/boot/firmware/cmdline.txt", PiOsCmdline);
            Write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\npi:x:1000:1000:,,,:/home/pi:/bin/bash\n");
            Write("/etc/group", "root:x:0:\ndialout:x:20:pi\naudio:x:29:pi\nvideo:x:44:pi\npi:x:1000:\nspi:x:999:pi\ni2c:x:998:pi\ngpio:x:997:pi\n");
            Write("/etc/gshadow", "root:*::\ndialout:*::pi\naudio:*::pi\nvideo:*::pi\npi:!::\nspi:!::pi\ni2c:!::pi\ngpio:!::pi\n");
        }
        else
        {
            // JetPack (Ubuntu): no gpio/spi groups, no render group until the GPU stack adds one.
            Write("/etc/passwd", "root:x:0:0:root:/root:/bin/bash\nubuntu:x:1000:1000:,,,:/home/ubuntu:/bin/bash\n");
            Write("/etc/group", "root:x:0:\ndialout:x:20:ubuntu\naudio:x:29:ubuntu\nvideo:x:44:ubuntu\ni2c:x:108:ubuntu\nubuntu:x:1000:\n");
            Write("/etc/gshadow", "root:*::\ndialout:*::ubuntu\naudio:*::ubuntu\nvideo:*::ubuntu\ni2c:!::ubuntu\nubuntu:!::\n");
        }
        Write("/etc/shadow", "root:*:19000:0:99999:7:::\n");
        Write("/etc/fstab", "proc            /proc           proc    defaults          0       0\nPARTUUID=4e639091-01  /boot/firmware  vfat    defaults          0       2\nPARTUUID=4e639091-02  /               ext4    defaults,noatime  0       1\n");
    }

    public static FakeBox Pi4() => new("Raspberry Pi 4 Model B Rev 1.5");

    public static FakeBox Pi5() => new("Raspberry Pi 5 Model B Rev 1.0");

    public static FakeBox Jetson() => new("NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super", raspberryPi: false);

    /// <summary>The folder standing in for "/".</summary>
    public string Root { get; }

    public string PathOf(string boxPath) => Root + boxPath;

    public string Read(string boxPath) => File.ReadAllText(PathOf(boxPath));

    public bool Exists(string boxPath) => File.Exists(PathOf(boxPath)) || Directory.Exists(PathOf(boxPath)) || IsLink(boxPath);

    public bool IsLink(string boxPath) => new FileInfo(PathOf(boxPath)).LinkTarget is not null;

    public string? LinkTarget(string boxPath) => new FileInfo(PathOf(boxPath)).LinkTarget;

    public void Write(string boxPath, string content)
    {
        var p = PathOf(boxPath);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, content);
    }

    /// <summary>Makes a fake nsynthbox-VERSION-RID build (the files install.sh checks, with SHA256SUMS) and returns its .tar.gz.</summary>
    public string Build(string version, string rid = "linux-arm64", bool tarball = true)
    {
        var name = $"nsynthbox-{version}-{rid}";
        var dir = Path.Combine(_work, "builds", name);
        if (Directory.Exists(dir)) Directory.Delete(dir, true);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "nsynthbox"), $"#!/bin/sh\necho nsynthbox {version}\n");
        File.SetUnixFileMode(Path.Combine(dir, "nsynthbox"), (UnixFileMode)0b111_101_101);
        File.WriteAllText(Path.Combine(dir, "libonnxruntime.so"), "cpu onnxruntime " + version);
        foreach (var model in new[] { "hpn-v2", "hpn-v1" }) // the default model and the one shipped beside it
        {
            Directory.CreateDirectory(Path.Combine(dir, "models", model));
            File.WriteAllText(Path.Combine(dir, "models", model, "manifest.json"), "{}");
            File.WriteAllText(Path.Combine(dir, "models", model, "decoder.onnx"), "onnx");
            File.WriteAllText(Path.Combine(dir, "models", model, "encoder.onnx"), "onnx");
        }
        File.WriteAllText(Path.Combine(dir, "VERSION"), version + "\n");
        File.WriteAllText(Path.Combine(dir, "RID"), rid + "\n");
        var sums = new StringBuilder();
        foreach (var f in Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(dir, f);
            sums.Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f)))).Append("  ").Append(rel).Append('\n');
        }
        File.WriteAllText(Path.Combine(dir, "SHA256SUMS"), sums.ToString());
        if (!tarball) return dir;
        var tgz = dir + ".tar.gz";
        var r = Tool.Run("tar", ["-C", Path.GetDirectoryName(dir)!, "-czf", tgz, name]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return tgz;
    }

    /// <summary>A folder of fake ONNX Runtime libraries with the CUDA provider, as a Jetson build of it makes.</summary>
    public string GpuOnnxRuntime()
    {
        var dir = Path.Combine(_work, "onnxruntime-gpu");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "libonnxruntime.so"), "gpu onnxruntime");
        File.WriteAllText(Path.Combine(dir, "libonnxruntime_providers_shared.so"), "shared");
        File.WriteAllText(Path.Combine(dir, "libonnxruntime_providers_cuda.so"), "cuda");
        return dir;
    }

    /// <summary>Every path under the root with its type, mode, owner, link target and content hash.</summary>
    public string Snapshot()
    {
        var r = Tool.Run("bash", ["-c",
            "cd \"$1\" && find . -printf '%p %y %m %U:%G %l\\n' | LC_ALL=C sort && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum",
            "snapshot", Root]);
        Assert.True(r.ExitCode == 0, r.ToString());
        return r.Stdout;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_work, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
