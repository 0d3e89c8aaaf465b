using NSynthBox.Engine;

namespace NSynthBox.Platform.Control;

/// <summary>Takes control events (the engine, the control hub, a list in a test or an offline render).</summary>
public interface IControlSink
{
    void Post(in ControlEvent e);
}
