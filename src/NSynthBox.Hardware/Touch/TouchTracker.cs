using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>
/// Smoothing, lift behaviour and change detection shared by every touch sensor: takes
/// (touching, x, y) per poll and sends Position2D events only when the position really moves.
/// </summary>
internal sealed class TouchTracker
{
    private readonly TouchOptions _options;
    private float _sentX = float.NaN;
    private float _sentY = float.NaN;

    public TouchTracker(TouchOptions options) => _options = options;

    public bool Touching { get; private set; }

    public float X { get; private set; } = 0.5f;

    public float Y { get; private set; } = 0.5f;

    public void Update(bool touching, float x, float y, Action<ControlEvent> sink)
    {
        if (touching)
        {
            x = Math.Clamp(x, 0f, 1f);
            y = Math.Clamp(y, 0f, 1f);
            if (!Touching)
            {
                // A new touch jumps straight to the finger; smoothing from the old spot would glide.
                X = x;
                Y = y;
                Touching = true;
            }
            else
            {
                float keep = _options.Smoothing;
                X = keep * X + (1 - keep) * x;
                Y = keep * Y + (1 - keep) * y;
            }

            Send(sink, force: false);
        }
        else if (Touching)
        {
            Touching = false;
            if (!_options.KeepPositionOnLift)
            {
                X = _options.RestX;
                Y = _options.RestY;
                Send(sink, force: true);
            }
        }
    }

    private void Send(Action<ControlEvent> sink, bool force)
    {
        if (!force && !float.IsNaN(_sentX)
            && MathF.Abs(X - _sentX) < _options.MinimumMove && MathF.Abs(Y - _sentY) < _options.MinimumMove)
        {
            return;
        }

        _sentX = X;
        _sentY = Y;
        sink(ControlEvent.Position2D(X, Y));
    }
}
