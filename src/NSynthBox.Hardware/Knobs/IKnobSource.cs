namespace NSynthBox.Hardware;

/// <summary>The ADC (or ADCs) behind the knobs, as the <see cref="KnobReader"/> sees them.</summary>
internal interface IKnobSource
{
    /// <summary>Chip(s) and where they sit, for fault messages.</summary>
    string Name { get; }

    /// <summary>Number of knobs this source reads (in the order of the config's knob list).</summary>
    int Count { get; }

    /// <summary>Raw reading of a knob at the 3V3 end (before calibration).</summary>
    int FullScale { get; }

    /// <summary>Checks the chips answer and resets any conversion in flight.</summary>
    void Initialize();

    /// <summary>Writes the raw readings that are ready into <paramref name="raw"/>; returns a bit mask of the knobs updated.</summary>
    /// <exception cref="ChipException">A chip did not answer or returned invalid data; the message names it.</exception>
    int Scan(Span<int> raw);
}
