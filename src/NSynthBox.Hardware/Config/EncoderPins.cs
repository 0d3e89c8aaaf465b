namespace NSynthBox.Hardware;

/// <summary>One corner's encoder: its quadrature inputs and push switch (all to GND, with pull-ups).</summary>
/// <param name="Corner">0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right.</param>
/// <param name="Reference">Board reference, e.g. "ENC2".</param>
public sealed record EncoderPins(int Corner, string Reference, PinRef A, PinRef B, PinRef Push)
{
    /// <summary>"top-right" etc.</summary>
    public string CornerName => Corner switch
    {
        0 => "top-left",
        1 => "top-right",
        2 => "bottom-left",
        3 => "bottom-right",
        _ => "corner " + Corner,
    };
}
