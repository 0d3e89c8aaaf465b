using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.Channels;

namespace NSynthBox.Web;

/// <summary>
/// One connected page: a queue of outgoing messages drained by a single sender (a WebSocket
/// allows one send at a time), the notes it holds, and its message budget.
/// </summary>
internal sealed class PanelClient
{
    private const int QueueLimit = 256;
    private readonly WebSocket _socket;
    private readonly Channel<Outgoing> _outbox = Channel.CreateBounded<Outgoing>(new BoundedChannelOptions(QueueLimit) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private readonly MessageBudget _budget;
    private volatile bool _closing;
    private long _lastRateError;

    public PanelClient(WebSocket socket, bool canWrite, int ratePerSecond)
    {
        _socket = socket;
        CanWrite = canWrite;
        _budget = new MessageBudget(ratePerSecond);
    }

    public bool CanWrite { get; }

    /// <summary>Notes this page started and has not released: released for it when it goes away. Receive loop only.</summary>
    public HashSet<(byte Channel, int Note)> HeldNotes { get; } = [];

    /// <summary>Set when the page fell so far behind that its queue filled up; it is then disconnected.</summary>
    public bool Overflowed { get; private set; }

    public void Send(byte[] message)
    {
        if (!_outbox.Writer.TryWrite(new Outgoing(message, null, null)) && !_closing && !Overflowed)
        {
            Overflowed = true;
            _outbox.Writer.TryComplete();
        }
    }

    /// <summary>Sends the close frame after everything queued so far, then stops the sender.</summary>
    public void Close(WebSocketCloseStatus status, string reason)
    {
        // The queue may be full (that is often why we close): then the sender stops without the courtesy frame.
        _closing = true;
        _outbox.Writer.TryWrite(new Outgoing(null, status, reason));
        _outbox.Writer.TryComplete();
    }

    /// <summary>A token-bucket limit on messages from the page.</summary>
    public bool TryTakeMessageBudget() => _budget.TryTake();

    /// <summary>Whether the page was already told it sends too fast within the last second (the error is sent once a second, not per message).</summary>
    public bool RateErrorSentRecently()
    {
        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_lastRateError, now) < TimeSpan.FromSeconds(1)) return true;
        _lastRateError = now;
        return false;
    }

    public async Task RunSenderAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in _outbox.Reader.ReadAllAsync(cancellationToken))
            {
                if (item.Message is not null)
                {
                    if (_socket.State != WebSocketState.Open) break;
                    await _socket.SendAsync(item.Message, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                }
                else if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    timeout.CancelAfter(TimeSpan.FromSeconds(2));
                    await _socket.CloseOutputAsync(item.CloseStatus!.Value, item.CloseReason, timeout.Token);
                    break;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The page went away; the receive loop sees it too.
        }
        finally
        {
            _outbox.Writer.TryComplete();
            if (Overflowed) _socket.Abort();
        }
    }

    private readonly record struct Outgoing(byte[]? Message, WebSocketCloseStatus? CloseStatus, string? CloseReason);
}
