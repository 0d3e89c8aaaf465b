using NSynthBox.Engine;
using NSynthBox.Platform.Control;

namespace NSynthBox.Platform.Tests;

/// <summary>Collects control events (thread-safe), as the engine would receive them.</summary>
internal sealed class CollectingSink : IControlSink
{
    private readonly List<ControlEvent> _events = [];

    public void Post(in ControlEvent e)
    {
        lock (_events) _events.Add(e);
    }

    public List<ControlEvent> Events
    {
        get
        {
            lock (_events) return [.. _events];
        }
    }

    /// <summary>Waits until <paramref name="predicate"/> holds for the events (or 5 s pass).</summary>
    public List<ControlEvent> WaitFor(Func<List<ControlEvent>, bool> predicate)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < deadline)
        {
            var events = Events;
            if (predicate(events)) return events;
            Thread.Sleep(2);
        }
        return Events;
    }
}
