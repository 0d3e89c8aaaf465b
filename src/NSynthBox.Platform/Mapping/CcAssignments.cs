namespace NSynthBox.Platform.Mapping;

/// <summary>
/// Which controller drives which control, live (MIDI in and panel moves out). The default is the
/// documented <see cref="CcMap"/>; configuration (Midi:CcMap) may move controls to other numbers or
/// unmap them. A controller below 32 is 14-bit (its LSB is the controller 32 above); 32 and above
/// are 7-bit. Recorded takes always use the default map, so any render reads them. Immutable.
/// </summary>
public sealed class CcAssignments
{
    private readonly int?[] _controllerOf = new int?[ControlTargets.Count];
    private readonly (ControlTarget Target, bool Lsb)[] _targetOf = new (ControlTarget, bool)[128];

    private CcAssignments(IReadOnlyDictionary<ControlTarget, int?> map)
    {
        foreach (var (target, controller) in map)
        {
            _controllerOf[(int)target] = controller;
            if (controller is not { } c) continue;
            _targetOf[c] = (target, false);
            if (Is14Bit(target, c)) _targetOf[c + CcMap.LsbOffset] = (target, true);
        }
    }

    /// <summary>The documented map: X 16, Y 17, knobs 20..25, corners 26..29 (14-bit X, Y and knobs).</summary>
    public static CcAssignments Default { get; } = new(new Dictionary<ControlTarget, int?>
    {
        [ControlTarget.X] = CcMap.X,
        [ControlTarget.Y] = CcMap.Y,
        [ControlTarget.Position] = CcMap.FirstKnob,
        [ControlTarget.Attack] = CcMap.FirstKnob + 1,
        [ControlTarget.Decay] = CcMap.FirstKnob + 2,
        [ControlTarget.Sustain] = CcMap.FirstKnob + 3,
        [ControlTarget.Release] = CcMap.FirstKnob + 4,
        [ControlTarget.Volume] = CcMap.FirstKnob + 5,
        [ControlTarget.Corner1] = CcMap.FirstCorner,
        [ControlTarget.Corner2] = CcMap.FirstCorner + 1,
        [ControlTarget.Corner3] = CcMap.FirstCorner + 2,
        [ControlTarget.Corner4] = CcMap.FirstCorner + 3,
    });

    /// <summary>Controllers the box gives other meanings (mod wheel, data entry, bank select, pedal, slide, (N)RPN, channel mode).</summary>
    public static bool IsReserved(int controller) => controller is 0 or 1 or 6 or 32 or 38 or 64 or 74 or (>= 96 and <= 101) or >= 120;

    /// <summary>
    /// The default map with some controls moved or unmapped (null). Keys are control names (x, y, position,
    /// attack, decay, sustain, release, volume, corner1..corner4; any case).
    /// </summary>
    /// <exception cref="ArgumentException">An unknown control, a controller out of 0..119 or reserved, or two controls on one controller; the message names it.</exception>
    public static CcAssignments From(IReadOnlyDictionary<string, int?> overrides)
    {
        var map = Enum.GetValues<ControlTarget>().Where(t => t != ControlTarget.None).ToDictionary(t => t, t => Default.ControllerOf(t));
        foreach (var (name, controller) in overrides)
        {
            if (!ControlTargets.TryParse(name, out var target))
                throw new ArgumentException($"'{name}': not a control (expected one of {string.Join(", ", Enum.GetNames<ControlTarget>().Skip(1).Select(n => n.ToLowerInvariant()))})");
            if (controller is { } c && (c is < 0 or > 119 || IsReserved(c)))
                throw new ArgumentException($"'{name}' = {c}: expected a controller 2..119 that is not reserved (1, 6, 32, 38, 64, 74, 96..101 have other meanings), or null to unmap it");
            map[target] = controller;
        }
        var used = new Dictionary<int, (ControlTarget Target, int Msb)>();
        foreach (var (target, controller) in map)
        {
            if (controller is not { } c) continue;
            foreach (var number in Is14Bit(target, c) ? [c, c + CcMap.LsbOffset] : new[] { c })
            {
                if (used.TryGetValue(number, out var other))
                {
                    var lsbOf = other.Msb != number ? other.Msb : number != c ? c : -1;
                    throw new ArgumentException($"'{Name(target)}' and '{Name(other.Target)}' both use controller {number}{(lsbOf >= 0 ? $" (the LSB of {lsbOf})" : "")}");
                }
                used[number] = (target, c);
            }
        }
        return new CcAssignments(map);
    }

    private static string Name(ControlTarget target) => target.ToString().ToLowerInvariant();

    public int? ControllerOf(ControlTarget target) => _controllerOf[(int)target];

    /// <summary>The control a controller number drives (MSB or LSB), or None.</summary>
    public ControlTarget TargetOf(int controller, out bool isLsb)
    {
        var (target, lsb) = controller is >= 0 and < 128 ? _targetOf[controller] : default;
        isLsb = lsb;
        return target;
    }

    /// <summary>14-bit (MSB + LSB) rather than 7-bit.</summary>
    public bool Is14Bit(ControlTarget target) => _controllerOf[(int)target] is { } c && Is14Bit(target, c);

    private static bool Is14Bit(ControlTarget target, int controller) => !target.IsCorner() && controller < CcMap.LsbOffset;

    public override string ToString() => string.Join(", ", Enum.GetValues<ControlTarget>().Skip(1)
        .Select(t => $"{t.ToString().ToLowerInvariant()} {(ControllerOf(t) is { } c ? (Is14Bit(t) ? $"CC{c}/{c + 32}" : $"CC{c}") : "-")}"));
}
