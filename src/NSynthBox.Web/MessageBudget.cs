using System.Diagnostics;

namespace NSynthBox.Web;

/// <summary>
/// A token bucket: at most a number of messages a second, with a burst of one second's worth. One per page, and one
/// for all pages together, so sixteen pages flooding at once cannot starve the box's control worker and audio.
/// </summary>
internal sealed class MessageBudget(int perSecond)
{
    private readonly Lock _gate = new();
    private double _tokens = perSecond;
    private long _lastRefill = Stopwatch.GetTimestamp();

    public int PerSecond => perSecond;

    public bool TryTake()
    {
        lock (_gate)
        {
            var now = Stopwatch.GetTimestamp();
            _tokens = Math.Min(perSecond, _tokens + Stopwatch.GetElapsedTime(_lastRefill, now).TotalSeconds * perSecond);
            _lastRefill = now;
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }
}
