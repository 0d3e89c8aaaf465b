using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NSynthBox.WebFloods;

/// <summary>
/// `nsynthbox run` as the service runs it, on the null sink (paced like a card: underruns counted), its web panel on
/// 127.0.0.1 with the pairing PIN required, its state in a folder of its own; its log kept, its memory readable.
/// </summary>
internal sealed class BoxProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BoxProcess(Process process, string folder, int port)
    {
        _process = process;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }
    public int Port { get; }
    public Uri Address => new($"http://127.0.0.1:{Port}/");
    public int Id => _process.Id;

    public string Log
    {
        get
        {
            lock (_log) return _log.ToString();
        }
    }

    public static async Task<BoxProcess> StartAsync(string nsynthboxDll)
    {
        var folder = Directory.CreateTempSubdirectory("nsynthbox-web-floods-").FullName;
        var port = FreePort();
        var config = Path.Combine(folder, "config.json");
        File.WriteAllText(config, $$"""
            { "Audio": { "Sink": "null" }, "Panel": { "Mode": "none" },
              "Web": { "Enabled": true, "Bind": "127.0.0.1", "Port": {{port}}, "RequirePin": true },
              "State": { "Directory": "{{Path.Combine(folder, "state")}}" } }
            """);
        var psi = new ProcessStartInfo("dotnet", ["exec", nsynthboxDll, "run", "--config", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        var box = new BoxProcess(Process.Start(psi)!, folder, port);
        box._process.OutputDataReceived += (_, e) => box.Collect(e.Data);
        box._process.ErrorDataReceived += (_, e) => box.Collect(e.Data);
        box._process.BeginOutputReadLine();
        box._process.BeginErrorReadLine();
        await box._listening.Task.WaitAsync(TimeSpan.FromMinutes(2));
        return box;
    }

    /// <summary>The PIN the box writes for the person at it (mode 0600) just after it starts listening: the performer has it, the LAN does not.</summary>
    public async Task<string> PinAsync()
    {
        var path = Path.Combine(Folder, "state", "web-pin");
        for (var i = 0; i < 100 && !File.Exists(path); i++) await Task.Delay(100);
        return File.ReadAllText(path).Trim();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Resident memory now and its peak since the start (VmRSS, VmHWM), in MiB.</summary>
    public (double Now, double Peak) MemoryMiB()
    {
        double Read(string key) => double.Parse(File.ReadLines($"/proc/{Id}/status").First(l => l.StartsWith(key, StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
        return (Read("VmRSS:"), Read("VmHWM:"));
    }

    /// <summary>Stops it as systemd does (SIGTERM) and returns its exit status.</summary>
    public int Stop()
    {
        using (var kill = Process.Start("kill", ["-TERM", Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30))) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private void Collect(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
        if (line.Contains("web panel at", StringComparison.Ordinal)) _listening.TrySetResult();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
