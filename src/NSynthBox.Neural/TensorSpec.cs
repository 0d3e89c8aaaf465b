namespace NSynthBox.Neural;

/// <summary>Name and width of one decoder tensor; the first axis is always the batch (all sounding voices).</summary>
public sealed record TensorSpec(string Name, int Width);
