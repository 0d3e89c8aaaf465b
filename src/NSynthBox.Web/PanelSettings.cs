using NSynthBox.Platform.Mapping;

namespace NSynthBox.Web;

/// <summary>
/// The settings the page edits. They take effect when the box next starts (a new engine, device
/// and model), so saving never disturbs a note that is sounding.
/// </summary>
public sealed record PanelSettings
{
    /// <summary>The controls whose moves are sent (and received) as MIDI CC, in the page's order.</summary>
    public static IReadOnlyList<string> CcTargets { get; } = ["x", "y", "position", "attack", "decay", "sustain", "release", "volume"];

    /// <summary>The box's documented map (<see cref="CcAssignments.Default"/>, docs/MIDI.md): the page shows what the box uses.</summary>
    public static IReadOnlyDictionary<string, int?> DefaultCcMap { get; } = CcMapOf(CcAssignments.Default);

    /// <summary>The page's rows of a live map (the controls <see cref="CcTargets"/> names).</summary>
    public static IReadOnlyDictionary<string, int?> CcMapOf(CcAssignments assignments) =>
        CcTargets.ToDictionary(t => t, t => ControlTargets.TryParse(t, out var target) ? assignments.ControllerOf(target) : null);

    /// <summary>Field names used as keys of validation errors (and ids on the page), for a CC target <c>ccMap.&lt;target&gt;</c>.</summary>
    public static class Fields
    {
        public const string MidiChannel = "midiChannel";
        public const string CcMap = "ccMap";
        public const string AudioDevice = "audioDevice";
        public const string ModelPath = "modelPath";
        public static string Cc(string target) => $"ccMap.{target}";
    }

    /// <summary>0 = omni (every channel), else the one channel 1..16 the box answers.</summary>
    public int MidiChannel { get; init; }

    /// <summary>Control name (see <see cref="CcTargets"/>) to CC number 0..119; null = not mapped.</summary>
    public IReadOnlyDictionary<string, int?> CcMap { get; init; } = DefaultCcMap;

    /// <summary>ALSA PCM name ("default", "hw:1,0", "plughw:CARD=Device,DEV=0").</summary>
    public string AudioDevice { get; init; } = "default";

    /// <summary>Model package folder; empty = the one shipped with the program. Relative to the settings file.</summary>
    public string ModelPath { get; init; } = "";

    /// <summary>The rules that need nothing but the values: channel range, CC numbers, device name shape.</summary>
    public IReadOnlyDictionary<string, string> ValidateValues()
    {
        var errors = new Dictionary<string, string>();
        if (MidiChannel is < 0 or > 16)
            errors[Fields.MidiChannel] = $"{MidiChannel}: expected 1..16, or 0 for omni (every channel)";
        ValidateCcMap(errors);
        if (string.IsNullOrWhiteSpace(AudioDevice))
            errors[Fields.AudioDevice] = "required: an ALSA device name such as default or hw:1,0";
        else if (AudioDevice.Length > 128)
            errors[Fields.AudioDevice] = $"{AudioDevice.Length} characters: expected at most 128";
        else if (AudioDevice.Any(char.IsControl) || AudioDevice != AudioDevice.Trim())
            errors[Fields.AudioDevice] = "expected a device name without control characters or surrounding spaces, such as hw:1,0";
        if (ModelPath.Length > 4096 || ModelPath.Any(char.IsControl))
            errors[Fields.ModelPath] = "expected a folder path without control characters";
        return errors;
    }

    /// <summary>
    /// The rules the box applies when it starts (<see cref="CcAssignments.From"/>), so a saved map always
    /// starts: reserved controllers, and two controls on one controller (a 14-bit control's LSB, 32 above, counts).
    /// </summary>
    private void ValidateCcMap(Dictionary<string, string> errors)
    {
        foreach (var key in CcMap.Keys.Where(k => !CcTargets.Contains(k)))
            errors[Fields.CcMap] = $"unknown control '{key}': expected {string.Join(", ", CcTargets)}";
        // Controls not checked yet are unmapped, so swapping two numbers is no conflict; the corners keep theirs.
        var checkedSoFar = CcTargets.ToDictionary(t => t, int? (_) => null);
        foreach (var target in CcTargets)
        {
            if (!CcMap.TryGetValue(target, out var cc) || cc is null) continue;
            var field = Fields.Cc(target);
            if (cc is < 0 or > 127)
                errors[field] = $"CC {cc}: expected 0..119 (or empty for none)";
            else if (cc >= 120)
                errors[field] = $"CC {cc}: 120..127 are channel mode messages (all notes off, reset ...); pick 0..119";
            else if (CcAssignments.IsReserved(cc.Value))
                errors[field] = $"CC {cc} has another meaning on the box ({ReservedMeaning(cc.Value)}); pick another";
            else
            {
                checkedSoFar[target] = cc;
                try
                {
                    CcAssignments.From(checkedSoFar);
                }
                catch (ArgumentException e)
                {
                    errors[field] = e.Message;
                    checkedSoFar[target] = null;
                }
            }
        }
    }

    private static string ReservedMeaning(int cc) => cc switch
    {
        0 or 32 => "bank select",
        1 => "mod wheel",
        6 or 38 or (>= 96 and <= 101) => "data entry, (N)RPN",
        64 => "sustain pedal",
        74 => "MPE slide",
        _ => "channel mode",
    };
}
