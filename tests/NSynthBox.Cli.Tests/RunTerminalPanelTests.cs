using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace NSynthBox.Cli.Tests;

/// <summary>
/// The terminal panel as a player sees it: the program on a real pseudo-terminal (util-linux's
/// script), keys typed into it, and the drawn view read back.
/// </summary>
public sealed class RunTerminalPanelTests
{
    [Fact]
    public async Task Keys_step_from_the_instruments_state_and_the_view_shows_it()
    {
        var home = Directory.CreateTempSubdirectory("nsynthbox-terminal-").FullName;
        var config = Path.Combine(home, "box.json");
        File.WriteAllText(config, """{ "Midi": { "Sequencer": false }, "Audio": { "RealtimePriority": 0, "LockMemory": false } }""");
        var dll = Path.Combine(AppContext.BaseDirectory, "nsynthbox.dll");
        var psi = new ProcessStartInfo("script", ["-qfec", $"stty cols 120 rows 50; exec dotnet exec '{dll}' run --config '{config}' --sink null --simulated-panel --duration 60", "/dev/null"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        psi.Environment["XDG_STATE_HOME"] = home;
        using var box = Process.Start(psi)!;
        var screen = new StringBuilder();
        var reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int n;
            while ((n = await box.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (screen) screen.Append(buffer, 0, n);
            }
        });
        try
        {
            await Until("the first view", s => s.Contains("space: all notes off", StringComparison.Ordinal));
            var first = Text();
            Assert.Matches(@"1 Flute\s+2 Acoustic Grand Piano", first); // the box's own start ...
            Assert.Matches(@"2 Attack\s+0\.02", first); // ... and its Attack
            lock (screen) screen.Clear();

            await box.StandardInput.WriteAsync("2+");
            await box.StandardInput.FlushAsync();
            await Until("Attack one step up from 0.02", s => Regex.IsMatch(s, @">2 Attack\s+0\.07"));
            await box.StandardInput.WriteAsync("w");
            await box.StandardInput.FlushAsync();
            await Until("corner 2 one instrument on", s => s.Contains("2 Bright Acoustic Piano", StringComparison.Ordinal)); // from Acoustic Grand Piano
            Assert.Matches(@"1 Flute\s+2 Bright Acoustic Piano", Text()); // Flute stays Flute: only the corner whose key was pressed moved
        }
        finally
        {
            if (!box.HasExited) box.Kill(entireProcessTree: true);
            box.WaitForExit();
            Directory.Delete(home, recursive: true);
        }

        string Text()
        {
            lock (screen) return Regex.Replace(screen.ToString(), @"\x1b\[[0-9;?]*[A-Za-z]", "");
        }

        async Task Until(string what, Func<string, bool> seen)
        {
            var clock = Stopwatch.StartNew();
            while (!seen(Text()))
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60) && !box.HasExited, $"waited for {what}; the terminal showed:\n{Text()}");
                await Task.Delay(50);
            }
        }
    }
}
