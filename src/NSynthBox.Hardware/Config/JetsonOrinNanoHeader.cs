namespace NSynthBox.Hardware;

/// <summary>
/// 40-pin header pin -> GPIO line on the Jetson Orin Nano / Orin NX developer kit carrier
/// (P3768 with a P3767 module): every header GPIO is a line of the "tegra234-gpio" chip
/// (gpiochip0 on JetPack 6). Taken from NVIDIA's Jetson.GPIO pin table for the Orin NX / Nano
/// (line offset, Tegra port name). Lines are not BCM numbers: GPIO13 of a Pi (pin 33) is line 43.
/// </summary>
internal static class JetsonOrinNanoHeader
{
    public const string ChipLabel = "tegra234-gpio";

    private static readonly Dictionary<int, (int Line, string Port)> Pins = new()
    {
        [7] = (144, "PAC.06"),
        [11] = (112, "PR.04"),
        [12] = (50, "PH.07"),
        [13] = (122, "PY.00"),
        [15] = (85, "PN.01"),
        [16] = (126, "PY.04"),
        [18] = (125, "PY.03"),
        [19] = (135, "PZ.05"),
        [21] = (134, "PZ.04"),
        [22] = (123, "PY.01"),
        [23] = (133, "PZ.03"),
        [24] = (136, "PZ.06"),
        [26] = (137, "PZ.07"),
        [29] = (105, "PQ.05"),
        [31] = (106, "PQ.06"),
        [32] = (41, "PG.06"),
        [33] = (43, "PH.00"),
        [35] = (53, "PI.02"),
        [36] = (113, "PR.05"),
        [37] = (124, "PY.02"),
        [38] = (52, "PI.01"),
        [40] = (51, "PI.00"),
    };

    public static bool TryGetLine(int headerPin, out int line, out string port)
    {
        if (Pins.TryGetValue(headerPin, out var entry))
        {
            line = entry.Line;
            port = entry.Port;
            return true;
        }

        line = -1;
        port = "";
        return false;
    }
}
