using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace NSynthBox.Cli.Tests;

/// <summary>The web panel's pairing PIN reaches the person at the box, never the log (the journal under systemd).</summary>
public sealed class RunWebPinTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("nsynthbox-web-pin-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs the box with a --duration to its end; its whole output (stdout and stderr), after checking it stopped cleanly.</summary>
    private async Task<string> PlayAsync(params string[] args)
    {
        using var box = CliRunner.Start(_root, args);
        var output = box.StandardOutput.ReadToEndAsync();
        var errors = box.StandardError.ReadToEndAsync();
        Assert.True(box.WaitForExit(TimeSpan.FromMinutes(1)), "the box stops after --duration");
        var log = await output + await errors;
        Assert.True(box.ExitCode == 0, log);
        return log;
    }

    [Fact]
    public async Task Open_to_the_network_the_pin_is_in_an_owner_only_file_and_not_in_the_log()
    {
        var config = Path.Combine(_root, "config.json");
        File.WriteAllText(config, $$"""{ "Web": { "Enabled": true, "Port": {{FreePort()}}, "Bind": "0.0.0.0" }, "Audio": { "Sink": "null" }, "Panel": { "Mode": "none" } }""");
        var log = await PlayAsync("run", "--config", config, "--duration", "2");

        var pinFile = Path.Combine(_root, "nsynthbox", "web-pin");
        var pin = File.ReadAllText(pinFile).Trim();
        Assert.Matches(new Regex(@"^\d{6}$"), pin);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(pinFile));
        Assert.Contains($"the pairing PIN is on the box's screen and in {pinFile}", log);
        Assert.DoesNotContain(pin, log);
    }

    [Fact]
    public async Task Web_RequirePin_asks_for_the_pin_on_this_machine_too()
    {
        // Behind an SSH tunnel or a proxy, 127.0.0.1 is reachable from elsewhere: the PIN can be required there too.
        var config = Path.Combine(_root, "config.json");
        File.WriteAllText(config, $$"""{ "Web": { "Enabled": true, "Port": {{FreePort()}}, "RequirePin": true }, "Audio": { "Sink": "null" }, "Panel": { "Mode": "none" } }""");
        var log = await PlayAsync("run", "--config", config, "--duration", "1");
        Assert.Contains("(this machine only, and changes need the pairing PIN shown on the box)", log);
        Assert.Matches(new Regex(@"^\d{6}$"), File.ReadAllText(Path.Combine(_root, "nsynthbox", "web-pin")).Trim());
    }

    [Fact]
    public async Task On_this_machine_only_there_is_no_pin_and_an_old_pin_file_is_removed()
    {
        Directory.CreateDirectory(Path.Combine(_root, "nsynthbox"));
        var pinFile = Path.Combine(_root, "nsynthbox", "web-pin");
        File.WriteAllText(pinFile, "123456\n");
        var log = await PlayAsync("run", "--sink", "null", "--web", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--duration", "1");
        Assert.Contains("(this machine only)", log);
        Assert.False(File.Exists(pinFile));
    }
}
