namespace NSynthBox.Hardware;

/// <summary>Knobs on MCP3008 channels: every knob is converted on every scan (SPI is fast).</summary>
internal sealed class Mcp3008KnobSource : IKnobSource
{
    private readonly Mcp3008 _adc;
    private readonly int[] _channels;

    public Mcp3008KnobSource(Mcp3008 adc, IReadOnlyList<int> channels)
    {
        _adc = adc;
        _channels = [.. channels];
    }

    public string Name => _adc.Name;

    public int Count => _channels.Length;

    public int FullScale => Mcp3008.MaxValue;

    public void Initialize() => _adc.Read(_channels[0]);

    public int Scan(Span<int> raw)
    {
        for (int k = 0; k < _channels.Length; k++)
        {
            raw[k] = _adc.Read(_channels[k]);
        }

        return (1 << _channels.Length) - 1;
    }
}
