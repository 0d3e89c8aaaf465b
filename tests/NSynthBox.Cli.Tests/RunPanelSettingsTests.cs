
namespace NSynthBox.Cli.Tests;

public sealed class RunPanelSettingsTests
{
    [Fact]
    public async Task Settings_saved_from_the_web_panel_apply_at_the_next_start()
    {
        var state = Directory.CreateTempSubdirectory("nsynthbox-state-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(state, "nsynthbox"));
            File.WriteAllText(Path.Combine(state, "nsynthbox", "panel-settings.json"), """{ "midiChannel": 3, "audioDevice": "null", "modelPath": "" }""");
            using var box = CliRunner.Start(state, "run", "--sink", "null", "--duration", "1");
            var output = box.StandardOutput.ReadToEndAsync();
            var errors = box.StandardError.ReadToEndAsync();
            Assert.True(box.WaitForExit(TimeSpan.FromMinutes(1)), "the box stops after --duration");
            var log = await output + await errors;
            Assert.Equal(0, box.ExitCode);
            Assert.Contains("settings saved from the web panel applied", log);
            Assert.Contains("MIDI in: none (channel 3)", log);
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }
}
