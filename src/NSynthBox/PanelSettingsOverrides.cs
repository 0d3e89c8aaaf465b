using System.Globalization;
using Microsoft.Extensions.Logging;
using NSynthBox.Web;

namespace NSynthBox;

/// <summary>
/// The settings saved from the browser panel (panel-settings.json in the state folder) applied at
/// the next start: they override the config file, and the command line overrides them.
/// </summary>
internal static class PanelSettingsOverrides
{
    public const string FileName = "panel-settings.json";

    /// <summary>Adds the saved settings to <paramref name="overrides"/> for keys the command line did not set; returns how many it added.</summary>
    public static int Apply(string stateDirectory, Dictionary<string, string?> overrides, ILogger logger)
    {
        var store = new JsonSettingsStore(Path.Combine(stateDirectory, FileName));
        if (!File.Exists(store.Path)) return 0;
        PanelSettings settings;
        try
        {
            settings = store.Load();
        }
        catch (InvalidDataException e)
        {
            logger.LogWarning("{File}: {Error}; starting with the config file's settings", store.Path, e.Message);
            return 0;
        }
        var found = new Dictionary<string, string?> { ["Audio:Device"] = settings.AudioDevice };
        // The page counts channels 1..16 with 0 = omni; the config 0..15 with -1 = omni.
        if (settings.MidiChannel is >= 0 and <= 16) found["Midi:Channel"] = (settings.MidiChannel - 1).ToString(CultureInfo.InvariantCulture);
        else logger.LogWarning("{File}: midiChannel = {Channel}: expected 0 (omni) or 1..16; the config file's channel is used", store.Path, settings.MidiChannel);
        if (!string.IsNullOrWhiteSpace(settings.ModelPath)) found["Model:Path"] = store.ResolveModelPath(settings.ModelPath);
        foreach (var (target, controller) in settings.CcMap)
            found[$"Midi:CcMap:{target}"] = controller?.ToString(CultureInfo.InvariantCulture) ?? "null";
        var added = 0;
        foreach (var (key, value) in found)
        {
            if (value is null || overrides.ContainsKey(key)) continue;
            overrides[key] = value;
            added++;
        }
        logger.LogInformation("settings saved from the web panel applied ({File}: {Count} values)", store.Path, added);
        return added;
    }
}
