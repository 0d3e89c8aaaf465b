namespace NSynthBox.Platform.Mapping;

/// <summary>
/// MIDI Polyphonic Expression zones (MPE 1.0): the lower zone's manager is channel 1 with members
/// 2..N+1, the upper zone's manager is channel 16 with members 15 down to 16-N. A zone is set up by
/// the MPE Configuration Message (RPN 6 on the manager channel, data = member count, 0 = off) or by
/// configuration. Channels here are zero-based (0 = MIDI channel 1).
/// </summary>
public sealed class MpeZones
{
    public const int LowerManager = 0;
    public const int UpperManager = 15;

    /// <summary>Member channels of the lower zone (0 = no lower zone).</summary>
    public int LowerMembers { get; private set; }

    /// <summary>Member channels of the upper zone (0 = no upper zone).</summary>
    public int UpperMembers { get; private set; }

    public bool Enabled => LowerMembers > 0 || UpperMembers > 0;

    /// <summary>Applies an MCM received on <paramref name="managerChannel"/> (0 or 15); the other zone shrinks if they would overlap.</summary>
    public void Configure(int managerChannel, int members)
    {
        members = Math.Clamp(members, 0, 15);
        if (managerChannel == LowerManager)
        {
            LowerMembers = members;
            if (LowerMembers + UpperMembers > 14) UpperMembers = Math.Max(0, 14 - LowerMembers);
        }
        else if (managerChannel == UpperManager)
        {
            UpperMembers = members;
            if (LowerMembers + UpperMembers > 14) LowerMembers = Math.Max(0, 14 - UpperMembers);
        }
    }

    public bool IsManager(int channel) => (channel == LowerManager && LowerMembers > 0) || (channel == UpperManager && UpperMembers > 0);

    /// <summary>True when <paramref name="channel"/> is a member channel; <paramref name="manager"/> is its zone's manager.</summary>
    public bool IsMember(int channel, out int manager)
    {
        if (LowerMembers > 0 && channel >= 1 && channel <= LowerMembers)
        {
            manager = LowerManager;
            return true;
        }
        if (UpperMembers > 0 && channel <= 14 && channel >= 15 - UpperMembers)
        {
            manager = UpperManager;
            return true;
        }
        manager = -1;
        return false;
    }

    public bool InZone(int channel) => IsManager(channel) || IsMember(channel, out _);

    /// <summary>The member channels of the zone managed by <paramref name="manager"/>.</summary>
    public (int First, int Last) Members(int manager) => manager == LowerManager ? (1, LowerMembers) : (15 - UpperMembers, 14);

    public override string ToString() => !Enabled ? "MPE off"
        : $"MPE{(LowerMembers > 0 ? $" lower zone: manager 1, members 2..{LowerMembers + 1}" : "")}{(UpperMembers > 0 ? $" upper zone: manager 16, members {16 - UpperMembers}..15" : "")}";
}
