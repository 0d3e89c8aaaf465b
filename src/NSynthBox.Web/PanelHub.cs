using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NSynthBox.Engine;

namespace NSynthBox.Web;

/// <summary>
/// Pushes the box's state to every connected page: polls the snapshot at <see cref="WebPanelOptions.UpdateHz"/>
/// and sends it when something a page shows has changed (so a knob turned on the hardware
/// appears within one period), and the meters and warnings at <see cref="WebPanelOptions.MetersHz"/>.
/// </summary>
internal sealed class PanelHub(IWebPanelBackend backend, WebPanelOptions options, ILogger logger)
{
    private readonly ConcurrentDictionary<PanelClient, byte> _clients = new();
    private readonly Lock _gate = new(); // a newcomer's hello and the state pushes are queued in one order
    private InstrumentSnapshot? _lastSent;
    private IReadOnlyList<PanelWarning>? _lastWarnings;
    private byte[]? _lastWarningsMessage;
    private double _peak;
    private DateTime _nextFailureLog;

    public int Count => _clients.Count;

    /// <summary>Pages connected without the right to change anything (not paired).</summary>
    public int ReadOnlyCount => _clients.Keys.Count(c => !c.CanWrite);

    /// <summary>Queues the newcomer's hello (built now, from the current snapshot) and joins it to the pushes.</summary>
    public void Add(PanelClient client, Func<InstrumentSnapshot, byte[]> hello)
    {
        lock (_gate)
        {
            client.Send(hello(backend.GetSnapshot()));
            _clients.TryAdd(client, 0);
            _lastSent = null; // the next tick pushes the state to everyone, so nobody misses a change made meanwhile
        }
        // The newcomer needs the warnings the others already have.
        if (_lastWarningsMessage is { } warnings) client.Send(warnings);
    }

    public void Remove(PanelClient client) => _clients.TryRemove(client, out _);

    public void Broadcast(byte[] message)
    {
        foreach (var client in _clients.Keys) client.Send(message);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / options.UpdateHz));
        var metersEvery = Math.Max(1, options.UpdateHz / options.MetersHz);
        var tick = 0L;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                try
                {
                    Tick(tick++ % metersEvery == 0);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A failing backend must not stop the panel: say so now and then, keep polling.
                    if (DateTime.UtcNow >= _nextFailureLog)
                    {
                        logger.LogWarning(e, "web panel: reading the box's state failed");
                        _nextFailureLog = DateTime.UtcNow.AddSeconds(10);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void Tick(bool meters)
    {
        if (_clients.IsEmpty)
        {
            _lastSent = null;
            _lastWarnings = null;
            return;
        }
        InstrumentSnapshot snapshot;
        lock (_gate)
        {
            snapshot = backend.GetSnapshot();
            if (_lastSent is null || Differs(_lastSent, snapshot))
            {
                Broadcast(PanelJson.State(snapshot));
                _lastSent = snapshot;
            }
        }
        _peak = Math.Max(_peak, snapshot.PeakLevel);
        if (!meters) return;
        Broadcast(PanelJson.Meters(_peak, snapshot.ActiveVoices, backend.GetMetrics(), _clients.Count));
        _peak = 0;
        var warnings = backend.GetRecentWarnings();
        if (_lastWarnings is null || !SameWarnings(_lastWarnings, warnings))
        {
            _lastWarningsMessage = PanelJson.Warnings(warnings);
            Broadcast(_lastWarningsMessage);
            _lastWarnings = warnings;
        }
    }

    private static bool Differs(InstrumentSnapshot a, InstrumentSnapshot b)
    {
        // The position glides (the engine smooths it): steps finer than a pixel of a large screen are not worth a message.
        const float PositionEpsilon = 2e-4f, KnobEpsilon = 5e-5f;
        if (Math.Abs(a.X - b.X) > PositionEpsilon || Math.Abs(a.Y - b.Y) > PositionEpsilon || a.ActiveVoices != b.ActiveVoices) return true;
        if (!a.Corners.AsSpan().SequenceEqual(b.Corners)) return true;
        for (var i = 0; i < Math.Min(a.Knobs.Length, b.Knobs.Length); i++)
            if (Math.Abs(a.Knobs[i] - b.Knobs[i]) > KnobEpsilon) return true;
        return a.Knobs.Length != b.Knobs.Length;
    }

    private static bool SameWarnings(IReadOnlyList<PanelWarning> a, IReadOnlyList<PanelWarning> b) =>
        a.Count == b.Count && (a.Count == 0 || (ReferenceEquals(a[^1], b[^1]) || a[^1] == b[^1]) && (ReferenceEquals(a[0], b[0]) || a[0] == b[0]));
}
