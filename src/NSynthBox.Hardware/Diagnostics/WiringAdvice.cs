using System.Globalization;

namespace NSynthBox.Hardware;

/// <summary>Plain-words pointers to the wires behind a part, from the pin map (for faults and the self-test).</summary>
internal static class WiringAdvice
{
    /// <summary>"check SDA (header pin 3) and SCL (pin 5), and 3V3 (pin 1) and GND (pin 6)".</summary>
    public static string I2cWires(PanelConfig config) =>
        $"check SDA (header pin {config.Sda.HeaderPin}) and SCL (pin {config.Scl.HeaderPin}), and 3V3 (pin {config.Supply3V3Pin}) and GND (pin {config.GroundPin})";

    /// <summary>"MPR121 at 0x5A did not answer on I2C bus 1: check SDA (header pin 3) ...".</summary>
    public static string I2cNoAnswer(PanelConfig config, string part, int address) =>
        $"{part} at {Hex.Address(address)} did not answer on I2C bus {config.I2cBus}: {I2cWires(config)}";

    public static string SpiWires(PanelConfig config) =>
        $"check MISO (header pin {config.Miso.HeaderPin}) to DOUT (chip pin 12), MOSI (pin {config.Mosi.HeaderPin}) to DIN (11), " +
        $"SCLK (pin {config.Sclk.HeaderPin}) to CLK (13), CE0 (pin {config.ChipSelect0.HeaderPin}) to CS (10), " +
        $"and 3V3 (pin {config.Supply3V3Pin}) to VDD and VREF (16, 15), GND (pin {config.GroundPin}) to AGND and DGND (14, 9)";

    /// <summary>"column 2" / "row 3" (counted from 1, as on the board), or "electrode 7" if not in the grid.</summary>
    public static string Strip(PanelConfig config, int electrode)
    {
        int row = IndexOf(config.RowElectrodes, electrode);
        if (row >= 0)
        {
            return "row " + (row + 1).ToString(CultureInfo.InvariantCulture);
        }

        int column = IndexOf(config.ColumnElectrodes, electrode);
        return column >= 0
            ? "column " + (column + 1).ToString(CultureInfo.InvariantCulture)
            : "electrode " + electrode.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>"knob Attack (RV2, MCP3008 CH1)".</summary>
    public static string Knob(PanelConfig config, KnobInput knob)
    {
        string input = config.KnobAdc == KnobAdcKind.Ads1115
            ? $"ADS1115 at {Hex.Address(config.Ads1115Addresses[knob.Channel / Ads1115.InputCount])} AIN{knob.Channel % Ads1115.InputCount}"
            : $"MCP3008 CH{knob.Channel}";
        return knob.Reference is null ? $"knob {knob.Knob} ({input})" : $"knob {knob.Knob} ({knob.Reference}, {input})";
    }

    /// <summary>"encoder 2 (ENC2, top-right)".</summary>
    public static string Encoder(EncoderPins pins) => $"encoder {pins.Corner + 1} ({pins.Reference}, {pins.CornerName})";

    private static int IndexOf(IReadOnlyList<int> list, int value)
    {
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }
}
