namespace NSynthBox.Deploy.Tests;

/// <summary>update.sh and uninstall.sh against a fake root: patches, settings and config survive both.</summary>
public class UpdateUninstallTests
{
    private const string MyConfig = "{ \"State\": { \"Directory\": \"/var/lib/nsynthbox\" }, \"Mine\": true }\n";
    private const string MyPatch = "{ \"name\": \"my patch\" }\n";

    /// <summary>A Pi 4 with 1.0.0 installed, a config of the user's own and a saved patch.</summary>
    private static FakeBox Installed(params string[] installOptions)
    {
        Tool.RequireRoot();
        var box = FakeBox.Pi4();
        Tool.ScriptOk("install.sh", ["--root", box.Root, "--build", box.Build("1.0.0"), .. installOptions]);
        box.Write("/etc/nsynthbox/config.json", MyConfig);
        box.Write("/var/lib/nsynthbox/patches/mine.json", MyPatch);
        return box;
    }

    [Fact]
    public void Update_switches_to_the_new_release_and_keeps_config_and_state()
    {
        using var box = Installed("--usb-midi-gadget");

        var dry = Tool.ScriptOk("update.sh", "--root", box.Root, box.Build("1.1.0"), "--dry-run");
        Assert.Contains("would: link /opt/nsynthbox/current -> releases/1.1.0", dry.Stdout);
        Assert.Equal("releases/1.0.0", box.LinkTarget("/opt/nsynthbox/current"));

        var r = Tool.ScriptOk("update.sh", "--root", box.Root, box.Build("1.1.0"));

        Assert.Contains("change: install nsynthbox 1.1.0", r.Stdout);
        Assert.Equal("releases/1.1.0", box.LinkTarget("/opt/nsynthbox/current"));
        Assert.Equal("releases/1.0.0", box.LinkTarget("/opt/nsynthbox/previous"));
        Assert.Equal(MyConfig, box.Read("/etc/nsynthbox/config.json"));
        Assert.Equal(MyPatch, box.Read("/var/lib/nsynthbox/patches/mine.json"));
        Assert.True(box.Exists("/etc/systemd/system/nsynthbox-usb-gadget.service"), "install options are kept");
        Assert.Equal(1, r.Stdout.Split('\n').Count(l => l.StartsWith("done:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Update_keeps_two_releases_and_rolls_back()
    {
        using var box = Installed();
        Tool.ScriptOk("update.sh", "--root", box.Root, box.Build("1.1.0"));
        var r = Tool.ScriptOk("update.sh", "--root", box.Root, box.Build("1.2.0", tarball: false));

        Assert.Contains("change: remove /opt/nsynthbox/releases/1.0.0/", r.Stdout);
        Assert.Equal(["1.1.0", "1.2.0"], Directory.GetDirectories(box.PathOf("/opt/nsynthbox/releases")).Select(Path.GetFileName).Order());

        var again = Tool.ScriptOk("update.sh", "--root", box.Root, box.Build("1.2.0"));
        Assert.Contains("done: nothing to change", again.Stdout);

        Tool.ScriptOk("update.sh", "--root", box.Root, "--rollback");
        Assert.Equal("releases/1.1.0", box.LinkTarget("/opt/nsynthbox/current"));
        Assert.Equal("releases/1.2.0", box.LinkTarget("/opt/nsynthbox/previous"));
        Assert.Equal(MyPatch, box.Read("/var/lib/nsynthbox/patches/mine.json"));
    }

    [Fact]
    public void Update_without_an_install_says_to_install_first()
    {
        using var box = FakeBox.Pi4();
        var r = Tool.Script("update.sh", "--root", box.Root, box.Build("1.1.0"), "--dry-run");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("not installed", r.Stderr);
    }

    [Fact]
    public void Uninstall_removes_the_service_and_program_and_leaves_state_and_config()
    {
        using var box = Installed("--usb-midi-gadget");
        var before = box.Snapshot();
        var dry = Tool.ScriptOk("uninstall.sh", "--root", box.Root, "--dry-run");
        Assert.Equal(before, box.Snapshot());
        Assert.Contains("would: remove /etc/systemd/system/nsynthbox.service", dry.Stdout);

        var r = Tool.ScriptOk("uninstall.sh", "--root", box.Root);

        Assert.Equal(MyPatch, box.Read("/var/lib/nsynthbox/patches/mine.json"));
        Assert.Equal(MyConfig, box.Read("/etc/nsynthbox/config.json"));
        Assert.Contains("nsynthbox:", box.Read("/etc/passwd"));
        Assert.Contains("kept patches and settings in /var/lib/nsynthbox", r.Stdout);
        foreach (var gone in new[]
                 {
                     "/etc/systemd/system/nsynthbox.service", "/etc/systemd/system/multi-user.target.wants/nsynthbox.service",
                     "/etc/systemd/system/nsynthbox-usb-gadget.service", "/usr/local/sbin/nsynthbox-usb-gadget", "/opt/nsynthbox",
                     "/usr/local/bin/nsynthbox", "/etc/modules-load.d/nsynthbox.conf", "/var/cache/nsynthbox",
                 })
        {
            Assert.False(box.Exists(gone), gone + " should be gone");
        }
        Assert.Equal(FakeBox.PiOsConfigTxt, box.Read("/boot/firmware/config.txt"));

        var again = Tool.ScriptOk("uninstall.sh", "--root", box.Root);
        Assert.Contains("done: nothing to change", again.Stdout);

        // Installing again finds the config and state as they were.
        Tool.ScriptOk("install.sh", "--root", box.Root, "--build", box.Build("1.0.0"));
        Assert.Equal(MyConfig, box.Read("/etc/nsynthbox/config.json"));
        Assert.Equal(MyPatch, box.Read("/var/lib/nsynthbox/patches/mine.json"));
    }

    [Fact]
    public void Uninstall_purge_removes_state_config_user_and_the_state_mount()
    {
        using var box = Installed("--read-only-root");
        Tool.ScriptOk("uninstall.sh", "--root", box.Root, "--purge");

        Assert.False(box.Exists("/var/lib/nsynthbox"));
        Assert.False(box.Exists("/etc/nsynthbox"));
        Assert.False(box.Exists("/boot/firmware/nsynthbox-data.img"));
        Assert.DoesNotContain("nsynthbox", box.Read("/etc/fstab"));
        Assert.DoesNotContain("nsynthbox:", box.Read("/etc/passwd"));
        Assert.Equal(FakeBox.PiOsConfigTxt, box.Read("/boot/firmware/config.txt"));
    }
}
