using NSynthBox.Engine;

namespace NSynthBox.Hardware;

/// <summary>A knob and the ADC channel its wiper goes to (MCP3008 CH0..CH7; for ADS1115s see <see cref="KnobAdcKind.Ads1115"/>).</summary>
/// <param name="Reference">Board reference of the potentiometer (e.g. "RV2"), when the pin map gives one.</param>
public sealed record KnobInput(Knob Knob, int Channel, string? Reference = null);
