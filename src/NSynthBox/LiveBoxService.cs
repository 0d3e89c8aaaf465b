using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NSynthBox;

/// <summary>
/// Runs a <see cref="LiveBox"/> under the generic host: started with the host (systemd is told READY after), stopped on
/// SIGTERM / Ctrl+C, and on SIGHUP too (the terminal or SSH session closed): a stop like any other, which keeps the take
/// and finishes the WAV, where the default action would end the process on the spot.
/// </summary>
internal sealed class LiveBoxService(LiveBox box, IHostApplicationLifetime lifetime, TimeSpan? duration) : IHostedService
{
    private CancellationTokenSource? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        box.Start();
        if (duration is { } d)
        {
            _timer = new CancellationTokenSource();
            _ = Task.Delay(d, _timer.Token).ContinueWith(t =>
            {
                if (!t.IsCanceled) lifetime.StopApplication();
            }, TaskScheduler.Default);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Cancel();
        box.Stop();
        return Task.CompletedTask;
    }

    /// <summary>Makes SIGHUP a stop like SIGTERM (outside systemd); registered before the model loads, so a hang-up during the start is one too.</summary>
    public static IDisposable HandleHangUp(IHostApplicationLifetime lifetime, ILogger log)
    {
        // Under systemd there is no terminal to lose: a stray SIGHUP must not stop the service (Restart=on-failure would not restart a clean exit).
        var service = Microsoft.Extensions.Hosting.Systemd.SystemdHelpers.IsSystemdService();
        return PosixSignalRegistration.Create(PosixSignal.SIGHUP, signal =>
        {
            signal.Cancel = true;
            if (service)
            {
                log.LogWarning("SIGHUP ignored: running as a service (systemctl stop nsynthbox stops it)");
                return;
            }
            log.LogWarning("hang-up (SIGHUP: the terminal or session closed): stopping, keeping what was recorded");
            lifetime.StopApplication();
        });
    }
}
