namespace NSynthBox.Hardware;

/// <summary>
/// Knobs on one or more ADS1115s: knob channel c is input AIN(c % 4) of the c / 4-th chip
/// (0x48 for channels 0..3, 0x49 for 4..7). Scans never wait for a conversion: each chip
/// converts one knob at a time, and a scan collects the finished one and starts the next, so
/// with 860 SPS and a 100 Hz poll each chip refreshes one knob per scan.
/// </summary>
internal sealed class Ads1115KnobSource : IKnobSource
{
    private readonly Ads1115[] _chips;
    private readonly int[][] _knobsOfChip;   // knob indices each chip converts, in turn
    private readonly int[] _inputOfKnob;
    private readonly int[] _slot;
    private readonly bool[] _converting;

    public Ads1115KnobSource(IReadOnlyList<Ads1115> chips, IReadOnlyList<int> channels)
    {
        _chips = [.. chips];
        _inputOfKnob = new int[channels.Count];
        var lists = new List<int>[_chips.Length];
        for (int c = 0; c < lists.Length; c++)
        {
            lists[c] = [];
        }

        for (int k = 0; k < channels.Count; k++)
        {
            int chip = channels[k] / Ads1115.InputCount;
            if (chip >= _chips.Length)
            {
                throw new ArgumentException($"Knob channel {channels[k]} needs ADS1115 number {chip + 1}, but only {_chips.Length} are configured.");
            }

            lists[chip].Add(k);
            _inputOfKnob[k] = channels[k] % Ads1115.InputCount;
        }

        _knobsOfChip = [.. lists.Select(l => l.ToArray())];
        _slot = new int[_chips.Length];
        _converting = new bool[_chips.Length];
    }

    public string Name => string.Join(" and ", _chips.Select(c => c.Name));

    public int Count => _inputOfKnob.Length;

    public int FullScale => Ads1115.FullScale3V3;

    public void Initialize()
    {
        for (int c = 0; c < _chips.Length; c++)
        {
            _converting[c] = false;
            Guard(c, chip => chip.IsConversionDone());
        }
    }

    public int Scan(Span<int> raw)
    {
        int updated = 0;
        for (int c = 0; c < _chips.Length; c++)
        {
            int[] knobs = _knobsOfChip[c];
            if (knobs.Length == 0)
            {
                continue;
            }

            Ads1115 chip = _chips[c];
            try
            {
                if (_converting[c])
                {
                    if (!chip.IsConversionDone())
                    {
                        continue;
                    }

                    int knob = knobs[_slot[c]];
                    raw[knob] = chip.ReadConversion();
                    updated |= 1 << knob;
                    _slot[c] = (_slot[c] + 1) % knobs.Length;
                }

                chip.StartConversion(_inputOfKnob[knobs[_slot[c]]]);
                _converting[c] = true;
            }
            catch (IOException e) when (e is not ChipException)
            {
                _converting[c] = false;
                throw NotAnswering(chip, e);
            }
        }

        return updated;
    }

    private void Guard(int c, Func<Ads1115, bool> action)
    {
        try
        {
            action(_chips[c]);
        }
        catch (IOException e) when (e is not ChipException)
        {
            throw NotAnswering(_chips[c], e);
        }
    }

    internal static ChipException NotAnswering(Ads1115 chip, IOException e) =>
        new(chip.Name, $"{chip.Name} did not answer ({e.Message})", e);
}
