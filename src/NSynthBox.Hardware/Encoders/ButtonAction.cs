namespace NSynthBox.Hardware;

/// <summary>What a push button did, reported once per press.</summary>
public enum ButtonAction
{
    None,
    /// <summary>Pressed and released before the hold time.</summary>
    Press,
    /// <summary>Held down for the hold time (reported while still held; the release then reports nothing).</summary>
    Hold,
}
