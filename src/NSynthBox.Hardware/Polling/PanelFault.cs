namespace NSynthBox.Hardware;

/// <summary>
/// A part of the panel stopped answering (or answers again). Sent once when it fails and once
/// when it recovers, not on every retry. While it is down its last values stay in force.
/// </summary>
/// <param name="Device">"MPR121 at 0x5A", "MCP3008 on SPI 0.0", "encoders (GPIO)".</param>
/// <param name="Message">What happened and which wires to check, in plain words.</param>
/// <param name="Recovered">False when it failed, true when it came back.</param>
public sealed record PanelFault(string Device, string Message, bool Recovered);
