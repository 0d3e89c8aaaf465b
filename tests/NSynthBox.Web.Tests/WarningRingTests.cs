using Microsoft.Extensions.Logging;

namespace NSynthBox.Web.Tests;

public sealed class WarningRingTests
{
    [Fact]
    public void Keeps_the_last_warnings_oldest_first_and_nothing_below_warning()
    {
        var ring = new WarningRingLoggerProvider(capacity: 3);
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(ring));
        var log = factory.CreateLogger("NSynthBox.Hardware.PanelPoller");
        log.LogInformation("started");
        log.LogDebug("polling");
        for (var i = 1; i <= 5; i++) log.LogWarning("touch sensor stopped answering ({Attempt})", i);
        log.LogError(new IOException("remote I/O error"), "OLED write failed");

        Assert.Equal(6, ring.Count);
        var recent = ring.Recent;
        Assert.Equal(["touch sensor stopped answering (4)", "touch sensor stopped answering (5)", "OLED write failed (IOException: remote I/O error)"],
            recent.Select(w => w.Message));
        Assert.Equal(LogLevel.Error, recent[^1].Level);
        Assert.Equal("NSynthBox.Hardware.PanelPoller", recent[0].Category);
    }

    [Fact]
    public void Is_safe_to_log_into_from_many_threads()
    {
        var ring = new WarningRingLoggerProvider(capacity: 16);
        var log = ring.CreateLogger("x");
        Parallel.For(0, 2000, i => log.LogWarning("w{I}", i));
        Assert.Equal(2000, ring.Count);
        Assert.Equal(16, ring.Recent.Count);
        Assert.All(ring.Recent, w => Assert.StartsWith("w", w.Message, StringComparison.Ordinal));
    }
}
