namespace NSynthBox.Platform.Control;

/// <summary>Where a control event came from: decides whether it is echoed to MIDI out (MIDI input is not, to avoid loops).</summary>
public enum ControlSource
{
    /// <summary>The touch grid, knobs and encoders (real or simulated).</summary>
    Panel,
    /// <summary>A MIDI input (keyboard, DAW, sequencer).</summary>
    Midi,
    /// <summary>The browser panel.</summary>
    Web,
    /// <summary>A recalled patch.</summary>
    Patch,
    /// <summary>Anything else (tests, scripts).</summary>
    Other,
}
