namespace NSynthBox.Platform.Mapping;

/// <summary>A controller bound by MIDI learn: CC <see cref="Controller"/> on <see cref="Channel"/> (0..15) drives <see cref="Target"/>.</summary>
public sealed record LearnedBinding(int Channel, int Controller, ControlTarget Target)
{
    public override string ToString() => $"CC {Controller} on channel {Channel + 1} -> {Target}";
}
