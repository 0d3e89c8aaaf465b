using NSynthBox.Engine.Storage;
using System.Text.Json;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Web.Tests;

public sealed class JsonSettingsStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsynthbox-settings-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File1 => Path.Combine(_dir, "nsynthbox.json");

    [Fact]
    public void A_missing_file_reads_as_the_defaults()
    {
        var store = new JsonSettingsStore(File1);
        Assert.Equal(new PanelSettings(), store.Load());
    }

    [Fact]
    public void Saves_atomically_and_reads_back()
    {
        var store = new JsonSettingsStore(File1);
        var settings = new PanelSettings { MidiChannel = 5, AudioDevice = "hw:1,0", ModelPath = RepoPaths.Model, CcMap = new Dictionary<string, int?>(PanelSettings.DefaultCcMap) { ["x"] = null, ["y"] = 30 } };
        var result = store.Save(settings);
        Assert.True(result.Saved, result.Message);
        var back = store.Load();
        Assert.Equal(5, back.MidiChannel);
        Assert.Equal("hw:1,0", back.AudioDevice);
        Assert.Null(back.CcMap["x"]);
        Assert.Equal(30, back.CcMap["y"]);
        Assert.Equal([Path.GetFileName(File1)], Directory.GetFiles(_dir).Select(Path.GetFileName)); // no temporary file left
    }

    [Fact]
    public void A_section_of_a_larger_config_file_is_replaced_and_the_rest_kept()
    {
        File.WriteAllText(File1, """
            {
              // the box's configuration
              "Audio": { "PeriodFrames": 128 },
              "Panel": { "MidiChannel": 2, "Unknown": true },
            }
            """);
        var store = new JsonSettingsStore(File1, section: "Panel");
        Assert.Equal(2, store.Load().MidiChannel);
        Assert.True(store.Save(store.Load() with { MidiChannel = 9 }).Saved);
        using var doc = JsonDocument.Parse(File.ReadAllText(File1));
        Assert.Equal(128, doc.RootElement.GetProperty("Audio").GetProperty("PeriodFrames").GetInt32());
        Assert.Equal(9, doc.RootElement.GetProperty("Panel").GetProperty("MidiChannel").GetInt32());
    }

    [Fact]
    public void Invalid_settings_are_refused_field_by_field_and_nothing_is_written()
    {
        var store = new JsonSettingsStore(File1, extraRules: s => s.AudioDevice == "hw:9,0" ? [new("audioDevice", "no such card: hw:9,0")] : []);
        var bad = new PanelSettings
        {
            MidiChannel = 17,
            AudioDevice = "hw:9,0",
            ModelPath = Path.Combine(_dir, "missing"),
            CcMap = new Dictionary<string, int?>(PanelSettings.DefaultCcMap) { ["x"] = 123, ["y"] = 64, ["attack"] = 25, ["wobble"] = 3 },
        };
        var result = store.Save(bad);
        Assert.False(result.Saved);
        Assert.Contains("1..16", result.Errors["midiChannel"], StringComparison.Ordinal);
        Assert.Contains("no such card", result.Errors["audioDevice"], StringComparison.Ordinal);
        Assert.Contains("no such folder", result.Errors["modelPath"], StringComparison.Ordinal);
        Assert.Contains("channel mode", result.Errors["ccMap.x"], StringComparison.Ordinal);
        Assert.Contains("sustain pedal", result.Errors["ccMap.y"], StringComparison.Ordinal);
        Assert.Contains("both use controller 25", result.Errors["ccMap.volume"], StringComparison.Ordinal); // attack took 25 first
        Assert.Contains("wobble", result.Errors["ccMap"], StringComparison.Ordinal);
        Assert.False(File.Exists(File1));
    }

    [Fact]
    public void The_default_map_is_the_one_the_box_plays_with()
    {
        // docs/MIDI.md: X 16, Y 17, knobs Position..Volume on 20..25.
        var expected = new Dictionary<string, int?> { ["x"] = 16, ["y"] = 17, ["position"] = 20, ["attack"] = 21, ["decay"] = 22, ["sustain"] = 23, ["release"] = 24, ["volume"] = 25 };
        Assert.Equal(expected, new JsonSettingsStore(File1).Load().CcMap);
    }

    [Fact]
    public void A_map_the_box_would_refuse_at_start_is_refused_at_save()
    {
        var store = new JsonSettingsStore(File1);
        var lsbTaken = new PanelSettings { CcMap = new Dictionary<string, int?>(PanelSettings.DefaultCcMap) { ["decay"] = 53 } };
        Assert.Contains("LSB of 21", store.Save(lsbTaken).Errors["ccMap.decay"], StringComparison.Ordinal);
        var cornerTaken = new PanelSettings { CcMap = new Dictionary<string, int?>(PanelSettings.DefaultCcMap) { ["volume"] = 26 } };
        Assert.Contains("corner1", store.Save(cornerTaken).Errors["ccMap.volume"], StringComparison.Ordinal);
        var reserved = new PanelSettings { CcMap = new Dictionary<string, int?>(PanelSettings.DefaultCcMap) { ["x"] = 74 } };
        Assert.Contains("MPE slide", store.Save(reserved).Errors["ccMap.x"], StringComparison.Ordinal);
        Assert.False(File.Exists(File1));

        var swapped = new PanelSettings { CcMap = new Dictionary<string, int?>(PanelSettings.DefaultCcMap) { ["position"] = 21, ["attack"] = 20 } };
        Assert.True(store.Save(swapped).Saved, "swapping two controls' numbers is no conflict");
    }

    [Fact]
    public void A_model_folder_that_does_not_load_is_an_error_naming_why()
    {
        var broken = Path.Combine(_dir, "model");
        Directory.CreateDirectory(broken);
        File.WriteAllText(Path.Combine(broken, "manifest.json"), "{ not json");
        var errors = new JsonSettingsStore(File1).Validate(new PanelSettings { ModelPath = "model" }); // relative to the settings file
        Assert.Contains("not valid JSON", errors["modelPath"], StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_file_is_reported_with_its_path()
    {
        File.WriteAllText(File1, """{ "MidiChannel": "seven" }""");
        var e = Assert.Throws<InvalidDataException>(() => new JsonSettingsStore(File1).Load());
        Assert.Contains(File1, e.Message, StringComparison.Ordinal);
        Assert.Contains("MidiChannel", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replacing_a_file_atomically_leaves_the_new_content_and_no_temporary_file()
    {
        File.WriteAllText(File1, "old");
        AtomicFile.WriteAllBytes(File1, "new"u8);
        Assert.Equal("new", File.ReadAllText(File1));
        Assert.Single(Directory.GetFiles(_dir));
    }
}
