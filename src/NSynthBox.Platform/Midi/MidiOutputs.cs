using NSynthBox.Midi;

namespace NSynthBox.Platform.Midi;

/// <summary>Every MIDI destination of the box at once (sequencer port, raw devices); safe to call from any thread.</summary>
public sealed class MidiOutputs : IMidiOutput
{
    private readonly Lock _lock = new();
    private IMidiOutput[] _outputs = [];

    public string Name => _outputs.Length == 0 ? "none" : string.Join(", ", _outputs.Select(o => o.Name));

    public int Count => Volatile.Read(ref _outputs).Length;

    public void Add(IMidiOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (_lock) Volatile.Write(ref _outputs, [.. _outputs, output]);
    }

    public void Send(in MidiMessage message)
    {
        foreach (var output in Volatile.Read(ref _outputs)) output.Send(message);
    }

    public void Dispose()
    {
        foreach (var output in Interlocked.Exchange(ref _outputs, [])) output.Dispose();
    }
}
