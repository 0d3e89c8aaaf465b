using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>A touch sensor the poller drives: (re)initialise the chip, then read it once per tick.</summary>
internal interface ITouchInput
{
    /// <summary>"MPR121 at 0x5A".</summary>
    string Name { get; }

    bool Touching { get; }

    void Initialize();

    void Poll(Action<ControlEvent> sink);
}
