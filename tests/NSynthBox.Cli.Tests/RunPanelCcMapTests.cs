using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Playwright;
using NSynthBox.Midi;
using NSynthBox.Platform.Midi;
using static Microsoft.Playwright.Assertions;

namespace NSynthBox.Cli.Tests;

/// <summary>
/// The browser panel's CC map is the box's: the page shows it, and saving the page (changing only the
/// channel) keeps it, so after a restart CC21 still moves Attack and the take records Attack as CC21.
/// </summary>
public sealed class RunPanelCcMapTests
{
    [Fact]
    public async Task Saving_only_the_channel_on_the_page_keeps_cc21_on_attack_after_a_restart()
    {
        var home = Directory.CreateTempSubdirectory("nsynthbox-ccmap-").FullName;
        try
        {
            var config = Path.Combine(home, "box.json");
            File.WriteAllText(config, """{ "Midi": { "Sequencer": false }, "Audio": { "RealtimePriority": 0, "LockMemory": false } }""");
            var port = FreePort();
            using (var first = CliRunner.Start(home, "run", "--config", config, "--sink", "null", "--web", port.ToString(), "--duration", "120"))
            {
                try
                {
                    await SaveChannelOnThePage(port, channel: 5, first);
                }
                finally
                {
                    first.Kill(entireProcessTree: true);
                    first.WaitForExit();
                }
            }

            var fifo = Path.Combine(home, "midi");
            Fifo.Create(fifo);
            var take = Path.Combine(home, "take.mid");
            using var second = CliRunner.Start(home, "run", "--config", config, "--sink", "null", "--midi-in", fifo, "--record", take, "--duration", "3");
            second.StandardInput.Close();
            var errors = second.StandardError.ReadToEndAsync();
            var started = new List<string>();
            while (second.StandardOutput.ReadLine() is { } line) // the start-up line: MIDI in and the recorder are running
            {
                started.Add(line);
                if (line.Contains("nsynthbox run: model", StringComparison.Ordinal)) break;
            }
            var output = second.StandardOutput.ReadToEndAsync();
            using (var midi = Fifo.OpenWriter(fifo)) // returns once the box reads the FIFO
            {
                midi.Write([0xB4, 73, 10]); // channel 5: the old page default for Attack must not move it
                midi.Write([0xB4, 21, 100]); // CC21 = Attack (docs/MIDI.md)
            }
            Assert.True(second.WaitForExit(TimeSpan.FromSeconds(60)), "the box stops after --duration");
            second.WaitForExit();
            var log = string.Join("\n", started) + await output + await errors;
            Assert.Contains("settings saved from the web panel applied", log);
            Assert.Contains("channel 5", log);

            var attack = MidiFile.Read(take).GetPlaybackMessages().Select(m => m.Message)
                .Where(m => m.Type == MidiMessageType.ControlChange && m.Data1 == 21).ToList();
            Assert.True(attack.Count > 0, "the take records no Attack (CC21)\n" + log);
            Assert.Equal(100, attack[^1].Data2); // the value CC21 sent, not CC73's 10
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    private static async Task SaveChannelOnThePage(int port, int channel, Process box)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
        });
        var page = await browser.NewPageAsync();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await page.GotoAsync($"http://127.0.0.1:{port}/");
                break;
            }
            catch (PlaywrightException) when (attempt < 240 && !box.HasExited)
            {
                await Task.Delay(250);
            }
        }
        string[] knobs = ["position", "attack", "decay", "sustain", "release", "volume"];
        for (var i = 0; i < knobs.Length; i++)
            await Expect(page.Locator("#cc-" + knobs[i])).ToHaveValueAsync((20 + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.FillAsync("#midiChannel", channel.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.ClickAsync("#settings-save");
        await Expect(page.Locator("#settings-status")).ToContainTextAsync("saved to");
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
