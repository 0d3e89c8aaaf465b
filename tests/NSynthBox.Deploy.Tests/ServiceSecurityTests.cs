using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace NSynthBox.Deploy.Tests;

/// <summary>How exposed the installed service is, by systemd's own measure (systemd-analyze security).</summary>
public sealed class ServiceSecurityTests(ITestOutputHelper output)
{
    [Fact]
    public void The_service_rates_ok_by_systemd_analyze_security()
    {
        Assert.True(Tool.OnPath("systemd-analyze"), "systemd-analyze must be on PATH (Debian package systemd)");
        Tool.RequireRoot();
        using var box = FakeBox.Pi4();
        Tool.ScriptOk("install.sh", "--root", box.Root, "--board", "pi4", "--build", box.Build("1.0.0"), "--no-start");

        var dir = Directory.CreateTempSubdirectory("nsynthbox-security.").FullName;
        try
        {
            var unit = Path.Combine(dir, "nsynthbox.service");
            File.WriteAllText(unit, box.Read("/etc/systemd/system/nsynthbox.service").Replace("=/opt/nsynthbox/", "=" + box.Root + "/opt/nsynthbox/"));
            var r = Tool.Run("systemd-analyze", ["security", "--offline=true", "--no-pager", unit]);
            // "-> Overall exposure level for nsynthbox.service: 2.1 OK"; 10 is an unconfined root service.
            var overall = Regex.Match(r.Stdout, @"Overall exposure level for \S+: (\d+\.\d)");
            Assert.True(overall.Success, $"systemd-analyze security: {r}");
            var exposure = double.Parse(overall.Groups[1].Value, CultureInfo.InvariantCulture);
            output.WriteLine(overall.Value);
            // What keeps it from lower is deliberate (deploy-scripts/README.md): the JIT needs writable+executable
            // memory, the audio thread SCHED_FIFO, the web panel AF_INET, the panel and MIDI their devices.
            Assert.True(exposure <= 3.0, $"exposure {exposure} (above 3.0, systemd's 'OK' band):\n{r.Stdout}");
            Assert.Contains("✓ User=/DynamicUser=", r.Stdout);
            Assert.Contains("✓ CapabilityBoundingSet=~CAP_SYS_ADMIN", r.Stdout);
            Assert.Contains("✓ NoNewPrivileges=", r.Stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
