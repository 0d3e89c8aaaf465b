using NSynthBox.Engine;
using NSynthBox.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace NSynthBox.Web.Tests;

/// <summary>
/// The picture of the page for the README. Written beside the test assembly on every run; with
/// NSYNTHBOX_UPDATE_SCREENSHOTS=1 it also replaces docs/images/web-panel.png.
/// </summary>
[Collection(PanelCollection.Name)]
public sealed class ScreenshotTests(PanelFixture box)
{
    [Fact]
    public async Task Screenshot_of_the_panel_for_the_readme()
    {
        var e = box.Engine;
        e.Post(ControlEvent.SetCorner(0, box.Instrument("Flute")));
        e.Post(ControlEvent.SetCorner(1, box.Instrument("Church Organ")));
        e.Post(ControlEvent.SetCorner(2, box.Instrument("Electric Bass (finger)")));
        e.Post(ControlEvent.SetCorner(3, box.Instrument("String Ensemble 1")));
        float[] knobs = [0.1f, 0.25f, 0.45f, 0.8f, 0.5f, 0.75f];
        for (var k = 0; k < knobs.Length; k++) e.Post(ControlEvent.SetKnob((Knob)k, knobs[k]));
        e.Post(ControlEvent.Position2D(0.34f, 0.42f));
        box.Warnings.Add(Microsoft.Extensions.Logging.LogLevel.Warning, "NSynthBox.Hardware", "touch sensor stopped answering (MPR121 at 0x5A on i2c-1); retrying");
        var page = await box.OpenAsync(width: 1280, height: 900);
        foreach (var note in new[] { 57, 60, 64 }) e.Post(ControlEvent.NoteOn(note, 0.7f));
        await Expect(page.Locator("#knob-volume")).ToHaveAttributeAsync("aria-valuenow", "75");
        await Expect(page.Locator("#map-pos")).ToHaveAttributeAsync("data-voices", "3");
        await Expect(page.Locator("#m-cpu")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("%$"));
        await Expect(page.Locator("#m-rtt")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("ms$"));
        await Task.Delay(300); // a full meter refresh with the chord sounding

        var png = await page.ScreenshotAsync(new() { FullPage = true });
        foreach (var note in new[] { 57, 60, 64 }) e.Post(ControlEvent.NoteOff(note));
        await page.Context.CloseAsync();

        Assert.True(png.AsSpan(0, 8).SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "a PNG");
        await File.WriteAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "web-panel.png"), png);
        if (Environment.GetEnvironmentVariable("NSYNTHBOX_UPDATE_SCREENSHOTS") == "1")
        {
            var target = RepoPaths.Combine("docs", "images", "web-panel.png");
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllBytesAsync(target, png);
        }
    }
}
