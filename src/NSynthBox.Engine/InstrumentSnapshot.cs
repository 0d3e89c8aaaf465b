namespace NSynthBox.Engine;

/// <summary>
/// What the instrument is doing, for views (OLED, web panel, MIDI out): published by the control
/// worker after each frame as an immutable record, so readers never lock the engine.
/// </summary>
public sealed record InstrumentSnapshot(
    float X,
    float Y,
    int[] Corners,
    float[] Knobs,
    int ActiveVoices,
    long Frame,
    long LateFrames,
    double PeakLevel);
