using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.Extensions.Logging;

namespace NSynthBox.Web.Tests;

/// <summary>Starting, stopping and the mistakes a configuration can make.</summary>
[Collection(PanelCollection.Name)]
public sealed class LifecycleTests(PanelFixture box)
{
    [Fact]
    public async Task Stopping_tells_connected_pages_and_returns_promptly()
    {
        var panel = await WebPanel.StartAsync(new WebPanelOptions { Port = 0 }, box.Backend, box.LoggerFactory);
        await using var socket = await PanelSocket.ConnectAsync(panel.Address);
        await socket.WaitForAsync("hello");
        await Wait.UntilAsync(() => panel.ConnectedPages == 1, () => $"{panel.ConnectedPages} pages");
        var clock = Stopwatch.StartNew();
        var stopping = panel.DisposeAsync().AsTask();
        while (await socket.ReceiveAsync() is not null)
        {
            // pushes until the close frame
        }
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.Socket.CloseStatus);
        await socket.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        await stopping;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2.5), $"stopping took {clock.Elapsed.TotalSeconds:0.0} s");
        await Assert.ThrowsAnyAsync<Exception>(() => new HttpClient().GetAsync(panel.Address));
    }

    [Fact]
    public async Task A_port_in_use_is_an_io_error_naming_the_port()
    {
        var e = await Assert.ThrowsAsync<IOException>(() => WebPanel.StartAsync(new WebPanelOptions { Port = box.Panel.Port }, box.Backend));
        Assert.Contains($"port {box.Panel.Port}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-address", 8080, "expected an IP address")]
    [InlineData("127.0.0.1", 70000, "expected 1..65535")]
    public async Task Bad_options_are_refused_before_anything_starts(string address, int port, string expected)
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => WebPanel.StartAsync(new WebPanelOptions { Address = address, Port = port }, box.Backend));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_panel_logs_its_address_but_not_each_request()
    {
        var lines = new List<string>();
        using var factory = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(new ListProvider(lines)));
        await using (var panel = await WebPanel.StartAsync(new WebPanelOptions { Port = 0 }, box.Backend, factory))
        {
            using var http = new HttpClient();
            (await http.GetAsync(panel.Address)).EnsureSuccessStatusCode();
        }
        lock (lines)
        {
            Assert.Contains(lines, l => l.Contains("web panel at http://127.0.0.1:", StringComparison.Ordinal) && l.Contains("this machine only", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("Request starting", StringComparison.Ordinal));
        }
    }

    private sealed class ListProvider(List<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(lines);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (lines) lines.Add(formatter(state, exception));
            }
        }
    }
}
