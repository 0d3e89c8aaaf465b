using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace NSynthBox.Web.Tests;

/// <summary>A bare WebSocket client of the panel, as a script (or an attacker) would use it.</summary>
internal sealed class PanelSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[1 << 20];

    public WebSocket Socket => _socket;

    public static async Task<PanelSocket> ConnectAsync(Uri panel, string? cookie = null, string? origin = null)
    {
        var s = new PanelSocket();
        if (cookie is not null) s._socket.Options.SetRequestHeader("Cookie", cookie);
        if (origin is not null) s._socket.Options.SetRequestHeader("Origin", origin);
        var uri = new UriBuilder(panel) { Scheme = "ws", Path = "/ws" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await s._socket.ConnectAsync(uri, timeout.Token);
        return s;
    }

    public Task SendAsync(string text) => _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message; null when the server closed the socket.</summary>
    public async Task<JsonElement?> ReceiveAsync(double seconds = 5)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var count = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            result = await _socket.ReceiveAsync(_buffer.AsMemory(count), timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            count += result.Count;
        }
        while (!result.EndOfMessage);
        using var doc = JsonDocument.Parse(_buffer.AsMemory(0, count));
        return doc.RootElement.Clone();
    }

    /// <summary>Skips state and meter pushes until a message of the given type arrives.</summary>
    public async Task<JsonElement> WaitForAsync(string type, Func<JsonElement, bool>? match = null, double seconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var left = (deadline - DateTime.UtcNow).TotalSeconds;
            if (left <= 0) Assert.Fail($"no '{type}' message within {seconds} s");
            var m = await ReceiveAsync(left) ?? throw new InvalidOperationException($"the server closed the socket while waiting for '{type}'");
            if (m.GetProperty("t").GetString() == type && (match is null || match(m))) return m;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        _socket.Dispose();
    }
}
