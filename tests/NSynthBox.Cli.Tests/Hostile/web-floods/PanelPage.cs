using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace NSynthBox.WebFloods;

/// <summary>
/// One page on the panel's socket, as a script would open it: its replies read (and counted) all the time, as a browser
/// would, so the box never drops it for not reading; the latest meters (underruns, late control frames) kept.
/// </summary>
internal sealed class PanelPage : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly CancellationTokenSource _closing = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private Task _reader = Task.CompletedTask;
    private long _underruns = -1, _lateFrames = -1, _pongs, _rateErrors, _lockedErrors;

    public bool CanWrite { get; private set; }
    public long Underruns => Interlocked.Read(ref _underruns);
    public long LateFrames => Interlocked.Read(ref _lateFrames);
    public long Pongs => Interlocked.Read(ref _pongs);
    public long RateErrors => Interlocked.Read(ref _rateErrors);
    public long LockedErrors => Interlocked.Read(ref _lockedErrors);
    public bool Open => _socket.State == WebSocketState.Open;

    /// <summary>The page, once its hello arrived; null when the box refused the socket (its HTTP status in <paramref name="refusal"/>).</summary>
    public static async Task<PanelPage?> TryOpenAsync(Uri panel, string? cookie, Action<string>? refusal = null)
    {
        var page = new PanelPage();
        if (cookie is not null) page._socket.Options.SetRequestHeader("Cookie", cookie);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await page._socket.ConnectAsync(new UriBuilder(panel) { Scheme = "ws", Path = "/ws" }.Uri, timeout.Token);
            var hello = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            page._reader = page.ReadAsync(hello);
            page.CanWrite = await hello.Task.WaitAsync(TimeSpan.FromSeconds(10));
            return page;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or TimeoutException)
        {
            refusal?.Invoke(e.Message);
            await page.DisposeAsync();
            return null;
        }
    }

    public async Task SendAsync(string text)
    {
        await _sending.WaitAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
                await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, _closing.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            _sending.Release();
        }
    }

    private async Task ReadAsync(TaskCompletionSource<bool> hello)
    {
        var buffer = new byte[1 << 20];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), _closing.Token);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    count += result.Count;
                }
                while (!result.EndOfMessage);
                Count(buffer.AsSpan(0, count), hello);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
        finally
        {
            hello.TrySetException(new WebSocketException("closed before its hello"));
        }
    }

    private void Count(ReadOnlySpan<byte> message, TaskCompletionSource<bool> hello)
    {
        var reader = new Utf8JsonReader(message);
        using var doc = JsonDocument.ParseValue(ref reader);
        var m = doc.RootElement;
        switch (m.GetProperty("t").GetString())
        {
            case "hello":
                hello.TrySetResult(m.GetProperty("canWrite").GetBoolean());
                break;
            case "meters":
                if (m.GetProperty("underruns").ValueKind == JsonValueKind.Number) Interlocked.Exchange(ref _underruns, m.GetProperty("underruns").GetInt64());
                Interlocked.Exchange(ref _lateFrames, m.GetProperty("lateFrames").GetInt64());
                break;
            case "pong":
                Interlocked.Increment(ref _pongs);
                break;
            case "error" when m.TryGetProperty("code", out var code) && code.GetString() == "rate":
                Interlocked.Increment(ref _rateErrors);
                break;
            case "error" when m.TryGetProperty("code", out var code) && code.GetString() == "locked":
                Interlocked.Increment(ref _lockedErrors);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        await _closing.CancelAsync();
        await _reader;
        _socket.Dispose();
        _closing.Dispose();
    }
}
