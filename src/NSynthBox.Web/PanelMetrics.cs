namespace NSynthBox.Web;

/// <summary>
/// The meters that the snapshot does not carry. A null counter is one the box cannot measure
/// (e.g. no audio device yet, or a kernel without per-thread CPU accounting): the page shows a dash.
/// </summary>
/// <param name="LateFrames">Frames the audio thread held because the control worker was late.</param>
/// <param name="Underruns">Audio device underruns (xruns) since start.</param>
/// <param name="ControlWorkerCpu">CPU time of the control worker as a fraction of one core (0..1).</param>
public sealed record PanelMetrics(long LateFrames, long? Underruns, double? ControlWorkerCpu);
