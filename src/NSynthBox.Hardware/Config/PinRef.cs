namespace NSynthBox.Hardware;

/// <summary>
/// One signal on the 40-pin header: the GPIO line the software opens on the board's GPIO chip,
/// the physical header pin a maker solders to, and the name to print ("GPIO13" on a Pi, whose
/// lines are BCM numbers; "line 43" on a Jetson).
/// </summary>
public sealed record PinRef(int Line, int HeaderPin, string Name)
{
    /// <summary>"GPIO13 (pin 33)".</summary>
    public override string ToString() => $"{Name} (pin {HeaderPin})";
}
