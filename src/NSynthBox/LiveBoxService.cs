using Microsoft.Extensions.Hosting;

namespace NSynthBox;

/// <summary>Runs a <see cref="LiveBox"/> under the generic host: started with the host (systemd is told READY after), stopped on SIGTERM / Ctrl+C.</summary>
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
}
