using System.Text.Json.Nodes;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Cli.Tests;

/// <summary>'nsynthbox bench --corners': the voice measurements play the corners asked for, named as 'render' names them.</summary>
public sealed class BenchCommandTests
{
    [Fact]
    public void Bench_plays_the_corners_it_is_given_and_names_them_in_its_report()
    {
        var r = CliRunner.Run("bench", "--voices", "1", "--seconds", "0.2", "--no-fluidsynth", "--json", "--model", RepoPaths.Model,
            "--corners", "trumpet,81,flute,cello");
        Assert.True(r.ExitCode == 0, r.Error);
        var corners = JsonNode.Parse(r.Out)!["corners"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        Assert.Equal(["Trumpet", "Lead 2 (sawtooth)", "Flute", "Cello"], corners);
    }

    [Fact]
    public void Bench_refuses_three_corners_with_one_line_naming_the_option()
    {
        var r = CliRunner.Run("bench", "--voices", "1", "--seconds", "0.2", "--no-fluidsynth", "--model", RepoPaths.Model, "--corners", "trumpet,flute,cello");
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("--corners 'trumpet,flute,cello': expected 4 instruments", r.Error);
    }
}
