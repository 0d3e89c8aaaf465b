namespace NSynthBox.Engine;

/// <summary>A control event at a time (seconds from the start of a performance).</summary>
public readonly record struct TimedControlEvent(double Seconds, ControlEvent Event);
