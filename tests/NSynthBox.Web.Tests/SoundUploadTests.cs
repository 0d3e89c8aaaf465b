using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NSynthBox.Neural;
using NSynthBox.Tests.Shared;
using static Microsoft.Playwright.Assertions;

namespace NSynthBox.Web.Tests;

/// <summary>Importing a recording from the page: the file goes to the box's import, the answer or the error shows next to the button.</summary>
[Collection(PanelCollection.Name)]
public sealed class SoundUploadTests(PanelFixture box)
{
    [Fact]
    public async Task A_recorded_note_is_imported_and_a_bad_one_is_refused_next_to_the_button()
    {
        var good = Path.Combine(box.Folder, "glass-c4.wav");
        TestNotes.WriteWav(good, TestNotes.Note(261.63, 44100), 44100, bits: 24);
        var silent = Path.Combine(box.Folder, "silent.wav");
        TestNotes.WriteWav(silent, new float[48000], 48000);
        var page = await box.OpenAsync();
        await Expect(page.Locator("#sounds")).ToBeVisibleAsync();

        await page.SetInputFilesAsync("#sound-file", good);
        await page.FillAsync("#sound-name", "My glass");
        await page.ClickAsync("#sound-import");

        await Expect(page.Locator("#sound-status")).ToContainTextAsync("imported 'My glass': pitch 261.6 Hz (C4)");
        var upload = box.Uploads.Last();
        Assert.Equal(("glass-c4.wav", "My glass"), (upload.FileName, upload.Name));
        Assert.Equal(await File.ReadAllBytesAsync(good), upload.Bytes);

        await page.SetInputFilesAsync("#sound-file", silent);
        await page.ClickAsync("#sound-import");

        await Expect(page.Locator("#sound-status")).ToContainTextAsync("silent.wav: silent (peak");
        await Expect(page.Locator("#sound-status")).ToHaveClassAsync("error");
        Assert.Equal("silent", box.Uploads.Last().Name); // no name given: the file's
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Without_the_pin_too_large_from_another_site_or_not_a_post_the_upload_is_refused()
    {
        await using var panel = await WebPanel.StartAsync(new WebPanelOptions { Address = "0.0.0.0", Port = 0, MaxUploadBytes = 4096 }, box.Backend, box.LoggerFactory);
        var local = new Uri($"http://127.0.0.1:{panel.Port}/");
        var before = box.Uploads.Count;
        using var http = new HttpClient { BaseAddress = local };

        var locked = await http.PostAsync("/api/sound?name=x&file=x.wav", new ByteArrayContent(new byte[100]));
        Assert.Equal(HttpStatusCode.Forbidden, locked.StatusCode);
        Assert.Contains("enter the PIN", await Error(locked), StringComparison.Ordinal);

        var paired = await http.PostAsJsonAsync("/api/pair", new { pin = panel.Pin });
        Assert.Equal(HttpStatusCode.OK, paired.StatusCode);
        var cookie = paired.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var large = new HttpRequestMessage(HttpMethod.Post, "/api/sound?name=x&file=x.wav") { Content = new ByteArrayContent(new byte[5000]) };
        large.Headers.Add("Cookie", cookie);
        var tooLarge = await http.SendAsync(large);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("larger than", await Error(tooLarge), StringComparison.Ordinal);

        var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/sound?name=x&file=x.wav") { Content = new ByteArrayContent(new byte[100]) };
        foreign.Headers.Add("Cookie", cookie);
        foreign.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(foreign)).StatusCode);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.GetAsync("/api/sound")).StatusCode);
        Assert.Equal(before, box.Uploads.Count);

        // Paired and small enough: it reaches the import, whose refusal comes back as the error.
        var junk = new HttpRequestMessage(HttpMethod.Post, "/api/sound?name=x&file=notes.txt") { Content = new ByteArrayContent("hello"u8.ToArray()) };
        junk.Headers.Add("Cookie", cookie);
        var refused = await http.SendAsync(junk);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.StartsWith("notes.txt: not a WAV file", await Error(refused), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_box_that_does_not_import_hides_the_upload()
    {
        var backend = new EngineWebPanelBackend(box.Engine);
        await using var panel = await WebPanel.StartAsync(new WebPanelOptions { Port = 0 }, backend, box.LoggerFactory);
        var page = await box.OpenAsync(panel.Address);

        await Expect(page.Locator("#sounds")).ToBeHiddenAsync();
        using var http = new HttpClient { BaseAddress = panel.Address };
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/api/sound", new ByteArrayContent([1]))).StatusCode);
        await page.Context.CloseAsync();
    }

    private static async Task<string> Error(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("error").GetString()!;
    }
}

/// <summary>The corner pickers of a box whose instrument list ends with the user's sounds.</summary>
[Collection(PanelCollection.Name)]
public sealed class UserSoundCornerTests(PanelFixture box)
{
    [Fact]
    public async Task Imported_sounds_are_offered_after_the_models_instruments_and_can_be_picked()
    {
        var model = box.Model.WithExtraInstruments([("My glass", box.Model.FindInstrument("Celesta").Code), ("My reed", box.Model.FindInstrument("Oboe").Code)]);
        using var engine = new NSynthBox.Engine.SynthEngine(model, new NSynthBox.Engine.EngineSettings { Polyphony = 2 });
        using var audio = new PacedAudio(engine);
        await using var panel = await WebPanel.StartAsync(new WebPanelOptions { Port = 0 }, new EngineWebPanelBackend(engine), box.LoggerFactory);
        var page = await box.OpenAsync(panel.Address);

        var group = page.Locator("#corner-3 optgroup[label='Your sounds'] option");
        await Expect(group).ToHaveTextAsync(["My glass", "My reed"]);
        var mine = box.Model.Instruments.Count + 1;
        await page.SelectOptionAsync("#corner-3", mine.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await Wait.UntilAsync(() => engine.Snapshot.Corners[3] == mine, () => $"corner 3 holds {engine.Snapshot.Corners[3]}, expected {mine}");
        await Expect(page.Locator("#map-corner-3 text")).ToHaveTextAsync("BR My reed");
        await page.Context.CloseAsync();
    }
}
