using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using NSynthBox.Engine;
using static Microsoft.Playwright.Assertions;

namespace NSynthBox.Web.Tests;

/// <summary>The page in real headless Chromium against a real engine: every move reaches the engine, every engine change reaches the page.</summary>
[Collection(PanelCollection.Name)]
public sealed class PlayTests(PanelFixture box)
{
    private SynthEngine Engine => box.Engine;

    private static async Task<LocatorBoundingBoxResult> BoxOf(IPage page, string selector)
    {
        await page.Locator(selector).ScrollIntoViewIfNeededAsync();
        return await page.Locator(selector).BoundingBoxAsync() ?? throw new InvalidOperationException($"{selector} is not visible");
    }

    [Fact]
    public async Task Dragging_on_the_grid_moves_the_engines_position()
    {
        var page = await box.OpenAsync();
        var pad = await BoxOf(page, "#pad");
        await page.Mouse.MoveAsync(pad.X + 0.2f * pad.Width, pad.Y + 0.2f * pad.Height);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(pad.X + 0.8f * pad.Width, pad.Y + 0.7f * pad.Height, new MouseMoveOptions { Steps = 12 });
        await page.Mouse.UpAsync();
        await Wait.UntilAsync(() => Math.Abs(Engine.Snapshot.X - 0.8f) < 0.02f && Math.Abs(Engine.Snapshot.Y - 0.7f) < 0.02f,
            () => $"engine at ({Engine.Snapshot.X:0.000}, {Engine.Snapshot.Y:0.000}), expected (0.8, 0.7)");
        await Expect(page.Locator("#pad-readout")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"x 0\.[78]\d\s+y 0\.(69|70|71)"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Two_fingers_on_the_grid_steer_the_position_to_their_centre()
    {
        var page = await box.OpenAsync(touch: true);
        var pad = await BoxOf(page, "#pad");
        var cdp = await page.Context.NewCDPSessionAsync(page);
        object Point(int id, float x, float y) => new Dictionary<string, object> { ["x"] = pad.X + x * pad.Width, ["y"] = pad.Y + y * pad.Height, ["id"] = id };
        await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object> { ["type"] = "touchStart", ["touchPoints"] = new[] { Point(1, 0.1f, 0.2f), Point(2, 0.3f, 0.4f) } });
        await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object> { ["type"] = "touchMove", ["touchPoints"] = new[] { Point(1, 0.2f, 0.3f), Point(2, 0.6f, 0.9f) } });
        await Wait.UntilAsync(() => Math.Abs(Engine.Snapshot.X - 0.4f) < 0.02f && Math.Abs(Engine.Snapshot.Y - 0.6f) < 0.02f,
            () => $"engine at ({Engine.Snapshot.X:0.000}, {Engine.Snapshot.Y:0.000}), expected the centre of both fingers (0.4, 0.6)");
        Assert.Equal(2, await page.Locator("#pad .finger").CountAsync());
        await cdp.SendAsync("Input.dispatchTouchEvent", new Dictionary<string, object> { ["type"] = "touchEnd", ["touchPoints"] = Array.Empty<object>() });
        await Expect(page.Locator("#pad .finger")).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_knob_turned_on_the_hardware_shows_on_the_page()
    {
        var page = await box.OpenAsync();
        Engine.Post(ControlEvent.SetKnob(Knob.Attack, 0.73f)); // as the panel poller would
        await Expect(page.Locator("#knob-attack")).ToHaveAttributeAsync("aria-valuenow", "73");
        await Expect(page.Locator("#knob-attack .value")).ToHaveTextAsync("73");
        Engine.Post(ControlEvent.SetKnob(Knob.Attack, 0.05f));
        await Expect(page.Locator("#knob-attack")).ToHaveAttributeAsync("aria-valuenow", "5");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Turning_a_knob_on_the_page_turns_the_engines_knob()
    {
        var page = await box.OpenAsync();
        Engine.Post(ControlEvent.SetKnob(Knob.Decay, 0.2f));
        await Expect(page.Locator("#knob-decay")).ToHaveAttributeAsync("aria-valuenow", "20");
        // Drag upwards: 200 px is the full sweep, so 60 px is +0.3.
        var knob = await BoxOf(page, "#knob-decay");
        await page.Mouse.MoveAsync(knob.X + knob.Width / 2, knob.Y + knob.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(knob.X + knob.Width / 2, knob.Y + knob.Height / 2 - 60, new MouseMoveOptions { Steps = 6 });
        await page.Mouse.UpAsync();
        await Wait.UntilAsync(() => Math.Abs(Engine.Snapshot.Knobs[(int)Knob.Decay] - 0.5f) < 0.01f,
            () => $"decay {Engine.Snapshot.Knobs[(int)Knob.Decay]:0.000}, expected 0.5");
        // And from the keyboard: End is full.
        await page.Locator("#knob-volume").FocusAsync();
        await page.Keyboard.PressAsync("End");
        await Wait.UntilAsync(() => Engine.Snapshot.Knobs[(int)Knob.Volume] == 1f, () => $"volume {Engine.Snapshot.Knobs[(int)Knob.Volume]}");
        await page.Keyboard.PressAsync("PageDown");
        await Wait.UntilAsync(() => Math.Abs(Engine.Snapshot.Knobs[(int)Knob.Volume] - 0.9f) < 1e-4, () => $"volume {Engine.Snapshot.Knobs[(int)Knob.Volume]}");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Picking_a_corner_instrument_sets_the_engines_corner_and_the_hardware_pick_shows()
    {
        var page = await box.OpenAsync();
        var organ = box.Instrument("Church Organ");
        await page.SelectOptionAsync("#corner-1", organ.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Wait.UntilAsync(() => Engine.Snapshot.Corners[1] == organ, () => $"corner 1 holds {Engine.Snapshot.Corners[1]}, expected {organ}");
        await Expect(page.Locator("#map-corner-1 text")).ToHaveTextAsync("TR Church Organ");

        var bass = box.Instrument("Electric Bass (finger)");
        Engine.Post(ControlEvent.SetCorner(2, bass)); // an encoder turned on the box
        await Expect(page.Locator("#corner-2")).ToHaveValueAsync(bass.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_on_screen_keyboard_plays_and_releases_a_note()
    {
        Engine.Post(ControlEvent.SetKnob(Knob.Release, 0f));
        var page = await box.OpenAsync();
        var key = await BoxOf(page, ".key[data-note=\"60\"]");
        await page.Mouse.MoveAsync(key.X + key.Width / 2, key.Y + key.Height * 0.8f);
        await page.Mouse.DownAsync();
        await Wait.UntilAsync(() => Engine.Snapshot.ActiveVoices == 1, () => $"{Engine.Snapshot.ActiveVoices} voices, expected 1");
        await Expect(page.Locator(".key[data-note=\"60\"]")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("down"));
        await Expect(page.Locator("#map-pos")).ToHaveAttributeAsync("data-voices", "1");
        await page.Mouse.UpAsync();
        await Wait.UntilAsync(() => Engine.Snapshot.ActiveVoices == 0, () => $"{Engine.Snapshot.ActiveVoices} voices after the key was let go");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_page_that_goes_away_releases_the_notes_it_held()
    {
        Engine.Post(ControlEvent.SetKnob(Knob.Release, 0f));
        var page = await box.OpenAsync();
        var key = await BoxOf(page, ".key[data-note=\"64\"]");
        await page.Mouse.MoveAsync(key.X + key.Width / 2, key.Y + key.Height * 0.8f);
        await page.Mouse.DownAsync();
        await Wait.UntilAsync(() => Engine.Snapshot.ActiveVoices == 1, () => $"{Engine.Snapshot.ActiveVoices} voices, expected 1");
        await page.Context.CloseAsync(); // the phone's browser closed mid-note
        await Wait.UntilAsync(() => Engine.Snapshot.ActiveVoices == 0, () => $"{Engine.Snapshot.ActiveVoices} voices still sounding");
    }

    [Fact]
    public async Task The_latent_map_shows_every_instrument_the_corners_and_the_position()
    {
        var page = await box.OpenAsync();
        await Expect(page.Locator("#map-points .inst")).ToHaveCountAsync(box.Model.Instruments.Count);
        await Expect(page.Locator("#map-points .inst text").Filter(new LocatorFilterOptions { HasText = "Flute" }).First).ToBeAttachedAsync();
        var corner0 = box.Model.Instruments[Engine.Snapshot.Corners[0]].Name;
        await Expect(page.Locator("#map-corner-0 text")).ToHaveTextAsync($"TL {corner0}");

        // At the top-left corner the sound is the top-left instrument: the dot sits on its point.
        Engine.Post(ControlEvent.Position2D(0f, 0f));
        var point = page.Locator($"#map-points .inst[data-index=\"{Engine.Snapshot.Corners[0]}\"] circle");
        var cx = await point.GetAttributeAsync("cx");
        await Expect(page.Locator("#map-dot")).ToHaveAttributeAsync("cx", cx!, new LocatorAssertionsToHaveAttributeOptions { Timeout = 5000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Meters_and_recent_warnings_are_shown()
    {
        var page = await box.OpenAsync();
        box.Underruns = 3;
        box.LoggerFactory.CreateLogger("NSynthBox.Hardware").LogWarning("touch sensor stopped answering (MPR121 at 0x5A)");
        await Expect(page.Locator("#warnings")).ToContainTextAsync("touch sensor stopped answering");
        await Expect(page.Locator("#m-xruns")).ToHaveTextAsync("3");
        await Expect(page.Locator("#m-voices")).ToContainTextAsync("/ 8");
        // The control worker's CPU comes from /proc: a percentage, not a dash.
        await Expect(page.Locator("#m-cpu")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d %$"));
        await Expect(page.Locator("#m-rtt")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"ms$"), new LocatorAssertionsToHaveTextOptions { Timeout = 6000 });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Patch_buttons_send_recall_and_save()
    {
        var recalled = -1;
        var saved = -1;
        Engine.PatchRecallRequested = slot => recalled = slot;
        Engine.PatchSaveRequested = slot => saved = slot;
        try
        {
            var page = await box.OpenAsync();
            await page.ClickAsync("#patch-2");
            await Wait.UntilAsync(() => recalled == 2, () => $"recalled {recalled}");
            await page.ClickAsync("#patch-save");
            await page.ClickAsync("#patch-1");
            await Wait.UntilAsync(() => saved == 1, () => $"saved {saved}");
            await Expect(page.Locator("#patch-status")).ToHaveTextAsync("saved to 2");
            await page.Context.CloseAsync();
        }
        finally
        {
            Engine.PatchRecallRequested = null;
            Engine.PatchSaveRequested = null;
        }
    }
}
