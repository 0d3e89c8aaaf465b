using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace NSynthBox.Web.Tests;

/// <summary>The settings form: errors next to the field they are about, nothing saved until every field is valid.</summary>
[Collection(PanelCollection.Name)]
public sealed class SettingsPageTests(PanelFixture box)
{
    [Fact]
    public async Task Validation_errors_appear_next_to_their_fields_and_nothing_is_saved()
    {
        File.Delete(box.SettingsPath);
        var page = await box.OpenAsync();
        await page.FillAsync("#midiChannel", "42");
        await page.FillAsync("#modelPath", Path.Combine(box.Folder, "no-such-model"));
        await page.FillAsync("#cc-decay", "21"); // attack's CC already
        await page.ClickAsync("#settings-save");

        await Expect(page.Locator("#err-midiChannel")).ToContainTextAsync("expected 1..16");
        await Expect(page.Locator("#err-modelPath")).ToContainTextAsync("no such folder");
        await Expect(page.Locator("#err-ccMap-decay")).ToContainTextAsync("both use controller 21");
        await Expect(page.Locator("#err-audioDevice")).ToBeEmptyAsync();
        await Expect(page.Locator("#midiChannel")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#settings-status")).ToContainTextAsync("nothing was saved");
        Assert.False(File.Exists(box.SettingsPath), "invalid settings must not be written");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_page_shows_the_cc_map_the_box_uses()
    {
        Assert.True(box.Backend.SaveSettings(new PanelSettings()).Saved); // undo what other tests saved
        var page = await box.OpenAsync();
        string[] knobs = ["position", "attack", "decay", "sustain", "release", "volume"];
        for (var i = 0; i < knobs.Length; i++)
            await Expect(page.Locator("#cc-" + knobs[i])).ToHaveValueAsync((20 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(page.Locator("#cc-x")).ToHaveValueAsync("16");
        await Expect(page.Locator("#cc-y")).ToHaveValueAsync("17");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Errors_show_while_typing_and_valid_settings_are_saved_to_the_file()
    {
        File.Delete(box.SettingsPath);
        var page = await box.OpenAsync();
        await page.FillAsync("#midiChannel", "17");
        await Expect(page.Locator("#err-midiChannel")).ToContainTextAsync("expected 1..16"); // checked as you type
        await page.FillAsync("#midiChannel", "");
        await Expect(page.Locator("#err-midiChannel")).ToContainTextAsync("required");

        await page.FillAsync("#midiChannel", "10");
        await page.FillAsync("#audioDevice", "hw:1,0");
        await page.FillAsync("#modelPath", box.Model.Directory);
        await page.FillAsync("#cc-x", "");
        await page.FillAsync("#cc-decay", "75");
        await page.ClickAsync("#settings-save");
        await Expect(page.Locator("#settings-status")).ToContainTextAsync("saved to");
        await Expect(page.Locator("#err-midiChannel")).ToBeEmptyAsync();

        using var saved = JsonDocument.Parse(await File.ReadAllTextAsync(box.SettingsPath));
        Assert.Equal(10, saved.RootElement.GetProperty("MidiChannel").GetInt32());
        Assert.Equal("hw:1,0", saved.RootElement.GetProperty("AudioDevice").GetString());
        Assert.Equal(JsonValueKind.Null, saved.RootElement.GetProperty("CcMap").GetProperty("x").ValueKind);
        Assert.Equal(box.Model.Directory, saved.RootElement.GetProperty("ModelPath").GetString());

        // Another page opened now sees the saved settings.
        var other = await box.OpenAsync();
        await Expect(other.Locator("#midiChannel")).ToHaveValueAsync("10");
        await Expect(other.Locator("#cc-x")).ToHaveValueAsync("");
        await other.Context.CloseAsync();
        await page.Context.CloseAsync();
    }
}
