using System.Text.Json;
using System.Text.RegularExpressions;

namespace NSynthBox.Deploy.Tests;

/// <summary>install.sh against a fake root: what it writes, that --dry-run writes nothing, that a second run changes nothing.</summary>
public class InstallTests
{
    private const string BlockBegin = "# >>> nsynthbox: boot ";

    private static Tool.Result Install(FakeBox box, string build, params string[] more) =>
        Tool.ScriptOk("install.sh", ["--root", box.Root, "--build", build, .. more]);

    private static int Count(string text, string line) =>
        text.Split('\n').Count(l => l == line);

    [Fact]
    public void Dry_run_changes_nothing_and_prints_every_change()
    {
        using var box = FakeBox.Pi4();
        var build = box.Build("1.0.0");
        var before = box.Snapshot();

        var r = Tool.ScriptOk("install.sh", "--root", box.Root, "--build", build, "--dry-run");

        Assert.Equal(before, box.Snapshot());
        Assert.Contains("would: create system user nsynthbox", r.Stdout);
        Assert.Contains("would: install nsynthbox 1.0.0 to /opt/nsynthbox/releases/1.0.0/", r.Stdout);
        Assert.Contains("would: change /boot/firmware/config.txt:", r.Stdout);
        Assert.Contains("+dtoverlay=midi-uart0", r.Stdout);
        Assert.Contains("-console=serial0,115200 console=tty1", r.Stdout);
        Assert.Contains("would: create /etc/systemd/system/nsynthbox.service", r.Stdout);
        Assert.Contains("+ Type=notify", r.Stdout);
        Assert.Contains("would: create /etc/nsynthbox/config.json", r.Stdout);
        Assert.Contains("would: enable nsynthbox.service", r.Stdout);
        Assert.Matches(@"dry run: \d+ change\(s\) would be made; nothing was changed", r.Stdout);
    }

    [Fact]
    public void A_second_run_changes_nothing_and_blocks_are_not_duplicated()
    {
        Tool.RequireRoot();
        using var box = FakeBox.Pi4();
        var build = box.Build("1.0.0");

        var first = Install(box, build);
        var afterFirst = box.Snapshot();
        var second = Install(box, build);
        var afterSecond = box.Snapshot();
        var dry = Tool.ScriptOk("install.sh", "--root", box.Root, "--build", build, "--dry-run");

        Assert.Contains("change: update /boot/firmware/config.txt", first.Stdout);
        Assert.Equal(afterFirst, afterSecond);
        Assert.Contains("done: nothing to change, all in place", second.Stdout);
        Assert.DoesNotContain("change:", second.Stdout);
        Assert.Contains("dry run: 0 change(s) would be made", dry.Stdout);
        var config = box.Read("/boot/firmware/config.txt");
        Assert.Single(Regex.Matches(config, Regex.Escape(BlockBegin)));
        Assert.Equal(1, Count(config, "dtparam=i2c_arm=on"));
        Assert.Equal(1, Count(config, "dtoverlay=midi-uart0"));
    }

    [Fact]
    public void Pi4_boot_config_enables_i2c_spi_uart_and_the_dac_and_frees_the_uart_from_the_console()
    {
        Tool.RequireRoot();
        using var box = FakeBox.Pi4();
        var r = Install(box, box.Build("1.0.0"));

        Assert.Contains("board: pi4", r.Stdout);
        var config = box.Read("/boot/firmware/config.txt");
        Assert.StartsWith(FakeBox.PiOsConfigTxt, config); // the OS's own lines are kept as they were
        var block = config[FakeBox.PiOsConfigTxt.Length..].Split('\n');
        foreach (var line in new[] { "dtparam=i2c_arm=on", "dtparam=i2c_arm_baudrate=400000", "dtparam=spi=on", "dtoverlay=hifiberry-dac", "enable_uart=1" })
        {
            Assert.Contains(line, block);
        }
        var pi4 = Array.IndexOf(block, "[pi4]");
        Assert.True(pi4 > 0, config);
        Assert.True(Array.IndexOf(block, "dtoverlay=disable-bt") > pi4, config);
        Assert.True(Array.IndexOf(block, "dtoverlay=midi-uart0") > pi4, config);
        Assert.DoesNotContain("dtoverlay=midi-uart0-pi5", block);
        Assert.Equal("[all]", block[^3]); // the block ends by resetting the section filter
        Assert.StartsWith("# <<< nsynthbox: boot", block[^2]);

        var cmdline = box.Read("/boot/firmware/cmdline.txt");
        Assert.DoesNotContain("console=serial0", cmdline);
        Assert.Equal(FakeBox.PiOsCmdline.Replace("console=serial0,115200 ", ""), cmdline);
        Assert.Equal("# NSynthBox: /dev/i2c-* for the panel (written by install.sh)\ni2c-dev\n", box.Read("/etc/modules-load.d/nsynthbox.conf"));
    }

    [Fact]
    public void Pi5_boot_config_uses_the_pi5_uart_overlay_and_keeps_the_debug_console()
    {
        Tool.RequireRoot();
        using var box = FakeBox.Pi5();
        var r = Install(box, box.Build("1.0.0"));

        Assert.Contains("board: pi5", r.Stdout);
        var block = box.Read("/boot/firmware/config.txt")[FakeBox.PiOsConfigTxt.Length..].Split('\n');
        var pi5 = Array.IndexOf(block, "[pi5]");
        Assert.True(pi5 > 0);
        Assert.True(Array.IndexOf(block, "dtparam=uart0=on") > pi5);
        Assert.True(Array.IndexOf(block, "dtoverlay=midi-uart0-pi5") > pi5);
        Assert.DoesNotContain("dtoverlay=disable-bt", block);
        Assert.DoesNotContain("dtoverlay=midi-uart0", block);
        Assert.Contains("dtoverlay=hifiberry-dac", block);
        Assert.Equal(FakeBox.PiOsCmdline, box.Read("/boot/firmware/cmdline.txt"));
        Assert.Contains("\"Board\": \"pi5\"", box.Read("/etc/nsynthbox/config.json"));
    }

    [Theory]
    [InlineData("Raspberry Pi 4 Model B Rev 1.4", "pi4")]
    [InlineData("Raspberry Pi 400 Rev 1.0", "pi4")]
    [InlineData("Raspberry Pi Compute Module 4 Rev 1.0", "pi4")]
    [InlineData("Raspberry Pi 5 Model B Rev 1.0", "pi5")]
    [InlineData("Raspberry Pi 500 Rev 1.0", "pi5")]
    [InlineData("NVIDIA Jetson Orin Nano Developer Kit", "jetson")]
    public void The_board_comes_from_the_device_tree_model(string model, string board)
    {
        using var box = new FakeBox(model, raspberryPi: !model.Contains("Jetson"));
        var r = Tool.ScriptOk("install.sh", "--root", box.Root, "--build", box.Build("1.0.0"), "--dry-run");
        Assert.Contains($"board: {board}\n", r.Stdout);
    }

    [Fact]
    public void An_unknown_board_or_a_wrong_build_is_refused_with_a_reason()
    {
        using var box = new FakeBox("Raspberry Pi 3 Model B Plus Rev 1.3");
        var build = box.Build("1.0.0");
        var r = Tool.Script("install.sh", "--root", box.Root, "--build", build, "--dry-run");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("Raspberry Pi 3 Model B Plus Rev 1.3", r.Stderr);
        Assert.Contains("--board", r.Stderr);

        var x64 = Tool.Script("install.sh", "--root", box.Root, "--board", "pi4", "--build", box.Build("1.0.0", "linux-x64"), "--dry-run");
        Assert.NotEqual(0, x64.ExitCode);
        Assert.Contains("is a linux-x64 build; this board needs linux-arm64", x64.Stderr);

        File.AppendAllText(build.Replace(".tar.gz", "") + "/VERSION", "tampered");
        var tampered = Tool.Script("install.sh", "--root", box.Root, "--board", "pi4", "--build", build.Replace(".tar.gz", ""), "--dry-run");
        Assert.NotEqual(0, tampered.ExitCode);
        Assert.Contains("SHA256SUMS", tampered.Stderr);

        var noDefaultModel = box.Build("1.0.0", tarball: false); // the default model, hpn-v2, must ship (hpn-v1 beside it)
        File.Delete(Path.Combine(noDefaultModel, "models", "hpn-v2", "decoder.onnx"));
        File.Delete(Path.Combine(noDefaultModel, "SHA256SUMS"));
        var incomplete = Tool.Script("install.sh", "--root", box.Root, "--board", "pi4", "--build", noDefaultModel, "--dry-run");
        Assert.NotEqual(0, incomplete.ExitCode);
        Assert.Contains("models/hpn-v2/decoder.onnx missing", incomplete.Stderr);
    }

    [Fact]
    public void The_unit_is_a_notify_service_with_realtime_limits_run_by_the_dedicated_user()
    {
        Tool.RequireRoot();
        using var box = FakeBox.Pi4();
        Install(box, box.Build("1.0.0"));

        var unit = box.Read("/etc/systemd/system/nsynthbox.service").Split('\n');
        foreach (var line in new[]
                 {
                     "Type=notify", "User=nsynthbox", "Group=nsynthbox", "LimitRTPRIO=95", "LimitMEMLOCK=infinity", "Restart=on-failure",
                     "ExecStart=/opt/nsynthbox/current/nsynthbox run --config /etc/nsynthbox/config.json",
                     "SupplementaryGroups=audio gpio i2c spi dialout", "StateDirectory=nsynthbox", "NoNewPrivileges=yes",
                     "CapabilityBoundingSet=", "ProtectSystem=strict", "DevicePolicy=closed", "DeviceAllow=char-alsa rw",
                     "DeviceAllow=char-gpiochip rw", "DeviceAllow=char-i2c rw", "DeviceAllow=char-spi rw", "DeviceAllow=char-ttyAMA rw",
                     "WantedBy=multi-user.target",
                 })
        {
            Assert.Contains(line, unit);
        }
        // Settings that would break the synthesizer must stay out.
        foreach (var key in new[] { "MemoryDenyWriteExecute=", "RestrictRealtime=", "PrivateDevices=", "ProcSubset=", "AmbientCapabilities=CAP" })
        {
            Assert.DoesNotContain(unit, l => l.StartsWith(key, StringComparison.Ordinal));
        }
        Assert.Equal("/etc/systemd/system/nsynthbox.service", box.LinkTarget("/etc/systemd/system/multi-user.target.wants/nsynthbox.service"));
    }

    [Fact]
    public void The_unit_passes_systemd_analyze_verify()
    {
        Assert.True(Tool.OnPath("systemd-analyze"), "systemd-analyze must be on PATH (Debian package systemd)");
        Tool.RequireRoot();
        using var box = FakeBox.Pi4();
        Install(box, box.Build("1.0.0"), "--usb-midi-gadget");

        foreach (var name in new[] { "nsynthbox.service", "nsynthbox-usb-gadget.service" })
        {
            // verify checks that ExecStart's program exists: point it into the fake root.
            var dir = Directory.CreateTempSubdirectory("nsynthbox-verify.").FullName;
            try
            {
                var text = box.Read("/etc/systemd/system/" + name)
                    .Replace("=/opt/nsynthbox/", "=" + box.Root + "/opt/nsynthbox/")
                    .Replace("=/usr/local/sbin/", "=" + box.Root + "/usr/local/sbin/");
                File.WriteAllText(Path.Combine(dir, name), text);
                var r = Tool.Run("systemd-analyze", ["verify", "--man=no", Path.Combine(dir, name)]);
                Assert.True(r.ExitCode == 0 && r.Output.Trim().Length == 0, $"systemd-analyze verify {name}: {r}");
            }
            finally
            {
                Directory.Delete(dir, true);
            }
        }
    }

    [Fact]
    public void The_user_is_a_system_user_in_the_hardware_groups_and_owns_the_state()
    {
        Tool.RequireRoot();
        using var box = FakeBox.Pi4();
        Install(box, box.Build("1.0.0"));

        var user = box.Read("/etc/passwd").Split('\n').Single(l => l.StartsWith("nsynthbox:", StringComparison.Ordinal)).Split(':');
        Assert.Equal("/var/lib/nsynthbox", user[5]);
        Assert.Equal("/usr/sbin/nologin", user[6]);
        Assert.True(int.Parse(user[2]) < 1000, "a system user id");
        var groups = box.Read("/etc/group").Split('\n').Where(l => l.Length > 0).ToDictionary(l => l.Split(':')[0], l => l.Split(':')[3].Split(','));
        foreach (var g in new[] { "audio", "gpio", "i2c", "spi", "dialout" })
        {
            Assert.Contains("nsynthbox", groups[g]);
        }
        Assert.Contains("pi", groups["gpio"]); // other members stay
        Assert.DoesNotContain("nsynthbox", groups["video"]);

        var stat = Tool.Run("stat", ["-c", "%a %u", box.PathOf("/var/lib/nsynthbox"), box.PathOf("/etc/nsynthbox/config.json")]).Stdout.Split('\n');
        Assert.Equal($"750 {user[2]}", stat[0]);
        Assert.StartsWith("640 0", stat[1]);
        Assert.Equal("releases/1.0.0", box.LinkTarget("/opt/nsynthbox/current"));
        Assert.Equal("/opt/nsynthbox/current/nsynthbox", box.LinkTarget("/usr/local/bin/nsynthbox"));
        Assert.True(File.Exists(box.PathOf("/opt/nsynthbox/releases/1.0.0/deploy/update.sh")), "the scripts travel with the release");
    }

    [Fact]
    public void The_config_is_written_once_and_never_overwritten()
    {
        Tool.RequireRoot();
        using var box = FakeBox.Pi4();
        var build = box.Build("1.0.0");
        Install(box, build);

        using (var doc = JsonDocument.Parse(box.Read("/etc/nsynthbox/config.json")))
        {
            Assert.Equal("/var/lib/nsynthbox", doc.RootElement.GetProperty("State").GetProperty("Directory").GetString());
            Assert.Equal("cpu", doc.RootElement.GetProperty("Model").GetProperty("ExecutionProvider").GetString());
            Assert.Equal("pi4", doc.RootElement.GetProperty("Panel").GetProperty("Board").GetString());
        }

        box.Write("/etc/nsynthbox/config.json", "{ \"mine\": true }\n");
        Install(box, build);
        Assert.Equal("{ \"mine\": true }\n", box.Read("/etc/nsynthbox/config.json"));
    }

    [Fact]
    public void Usb_midi_gadget_adds_dwc2_the_gadget_service_and_is_remembered_until_turned_off()
    {
        Tool.RequireRoot();
        using var box = FakeBox.Pi4();
        var build = box.Build("1.0.0");
        Install(box, build, "--usb-midi-gadget");

        var block = box.Read("/boot/firmware/config.txt")[FakeBox.PiOsConfigTxt.Length..].Split('\n');
        Assert.True(Array.IndexOf(block, "dtoverlay=dwc2,dr_mode=peripheral") > Array.IndexOf(block, "[pi4]"));
        Assert.Contains("libcomposite", box.Read("/etc/modules-load.d/nsynthbox-usb-gadget.conf").Split('\n'));
        var unit = box.Read("/etc/systemd/system/nsynthbox-usb-gadget.service");
        Assert.Contains("ExecStart=/usr/local/sbin/nsynthbox-usb-gadget start", unit);
        Assert.Contains("Before=nsynthbox.service", unit);
        Assert.True(box.IsLink("/etc/systemd/system/multi-user.target.wants/nsynthbox-usb-gadget.service"));
        var gadget = File.ReadAllText(box.PathOf("/usr/local/sbin/nsynthbox-usb-gadget"));
        Assert.Contains("functions/midi.usb0", gadget);

        // Re-running without the option keeps it (install.env), --no-usb-midi-gadget removes it all.
        var again = Install(box, build);
        Assert.Contains("nothing to change", again.Stdout);
        Install(box, build, "--no-usb-midi-gadget");
        Assert.DoesNotContain("dwc2,dr_mode=peripheral", box.Read("/boot/firmware/config.txt"));
        Assert.False(box.Exists("/etc/systemd/system/nsynthbox-usb-gadget.service"));
        Assert.False(box.Exists("/etc/systemd/system/multi-user.target.wants/nsynthbox-usb-gadget.service"));
        Assert.False(box.Exists("/usr/local/sbin/nsynthbox-usb-gadget"));
        Assert.Single(Regex.Matches(box.Read("/boot/firmware/config.txt"), Regex.Escape(BlockBegin)));
    }

    [Fact]
    public void Read_only_root_puts_the_state_on_a_writable_file_system()
    {
        Assert.True(Tool.OnPath("mkfs.ext4"), "mkfs.ext4 must be on PATH (Debian package e2fsprogs)");
        Tool.RequireRoot();
        using var box = FakeBox.Pi4();
        var build = box.Build("1.0.0");
        var r = Install(box, build, "--read-only-root");

        Assert.Contains("raspi-config nonint do_overlayfs 0", r.Stdout);
        var fstab = box.Read("/etc/fstab").Split('\n');
        Assert.Contains("/boot/firmware/nsynthbox-data.img /mnt/nsynthbox-data ext4 loop,noatime,nofail,x-systemd.requires-mounts-for=/boot/firmware 0 2", fstab);
        Assert.Contains("/mnt/nsynthbox-data/nsynthbox /var/lib/nsynthbox none bind,nofail,x-systemd.requires-mounts-for=/mnt/nsynthbox-data 0 0", fstab);
        Assert.StartsWith("proc ", fstab[0]);
        Assert.Equal(64L << 20, new FileInfo(box.PathOf("/boot/firmware/nsynthbox-data.img")).Length);
        Assert.Contains("After=var-lib-nsynthbox.mount", box.Read("/etc/systemd/system/nsynthbox.service.d/read-only-root.conf"));

        var snapshot = box.Snapshot();
        Install(box, build);
        Assert.Equal(snapshot, box.Snapshot());

        var device = Install(box, build, "--data-device", "LABEL=nsynthdata");
        Assert.Contains("LABEL=nsynthdata /mnt/nsynthbox-data ext4 defaults,noatime,nofail 0 2", box.Read("/etc/fstab"));
        Assert.Single(Regex.Matches(box.Read("/etc/fstab"), "# >>> nsynthbox: state "));
        Assert.Contains("change: update /etc/fstab", device.Stdout);
    }

    [Fact]
    public void Jetson_gets_the_same_service_with_group_access_rules_and_the_gpu_onnx_runtime()
    {
        Tool.RequireRoot();
        using var box = FakeBox.Jetson();
        var build = box.Build("1.0.0");
        var r = Install(box, build, "--onnxruntime", box.GpuOnnxRuntime());

        Assert.Contains("board: jetson", r.Stdout);
        Assert.Contains("CUDA provider found", r.Stdout);
        Assert.False(box.Exists("/boot/firmware/config.txt"));
        Assert.Equal("gpu onnxruntime", box.Read("/opt/nsynthbox/releases/1.0.0/libonnxruntime.so"));
        Assert.Equal("cpu onnxruntime 1.0.0", box.Read("/opt/nsynthbox/releases/1.0.0/libonnxruntime.so.cpu"));
        Assert.Equal("cuda", box.Read("/opt/nsynthbox/releases/1.0.0/libonnxruntime_providers_cuda.so"));
        using (var doc = JsonDocument.Parse(box.Read("/etc/nsynthbox/config.json")))
        {
            Assert.Equal("cuda", doc.RootElement.GetProperty("Model").GetProperty("ExecutionProvider").GetString());
            Assert.Equal("jetson-orin-nano", doc.RootElement.GetProperty("Panel").GetProperty("Board").GetString());
        }
        var unit = box.Read("/etc/systemd/system/nsynthbox.service").Split('\n');
        Assert.Contains("Type=notify", unit);
        Assert.Contains("SupplementaryGroups=audio gpio i2c spi dialout video render", unit);
        Assert.DoesNotContain(unit, l => l.StartsWith("DevicePolicy=", StringComparison.Ordinal));
        Assert.Contains("SUBSYSTEM==\"spidev\", GROUP=\"spi\", MODE=\"0660\"", box.Read("/etc/udev/rules.d/60-nsynthbox.rules"));
        Assert.Contains("spidev", box.Read("/etc/modules-load.d/nsynthbox.conf").Split('\n'));
        Assert.Contains("gpio:x:", box.Read("/etc/group")); // created, JetPack has none

        // An update keeps the GPU runtime: the new release gets it too.
        Tool.ScriptOk("update.sh", "--root", box.Root, box.Build("1.1.0"));
        Assert.Equal("gpu onnxruntime", box.Read("/opt/nsynthbox/releases/1.1.0/libonnxruntime.so"));

        var gadget = Tool.Script("install.sh", "--root", box.Root, "--build", build, "--usb-midi-gadget", "--dry-run");
        Assert.NotEqual(0, gadget.ExitCode);
        Assert.Contains("l4t-usb-device-mode", gadget.Stderr);
    }
}
