namespace NSynthBox.Deploy.Tests;

/// <summary>
/// The laptop set-up leaves a working `nsynthbox` command, and test.sh runs every part of the suite
/// to the end, listing all failures together.
/// </summary>
public sealed class SetupAndTestScriptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nsynthbox-setup-test.").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Setup_puts_a_working_nsynthbox_command_in_the_prefix()
    {
        var r = Tool.Run("bash", [Path.Combine(Tool.Scripts, "setup-dev.sh"), "--prefix", _dir], timeout: TimeSpan.FromMinutes(8));
        Assert.True(r.ExitCode == 0, r.ToString());
        var command = Path.Combine(_dir, "bin", "nsynthbox");
        Assert.Contains(command, r.Stdout);

        var instruments = Tool.Run(command, ["instruments"], workingDirectory: _dir);
        Assert.True(instruments.ExitCode == 0, instruments.ToString());
        Assert.Contains("Flute", instruments.Stdout); // the model beside the program was found
    }

    [Fact]
    public void Test_sh_runs_every_part_and_lists_all_failures_at_the_end()
    {
        // A dotnet whose Dsp tests fail and a Python whose pipeline test fails: everything else still runs.
        var bin = Directory.CreateDirectory(Path.Combine(_dir, "bin")).FullName;
        Write(Path.Combine(bin, "dotnet"), "#!/bin/sh\ncase \"$*\" in *Dsp.Tests*) echo 'Dsp: 1 failed'; exit 1;; esac\nexit 0\n");
        Write(Path.Combine(bin, "python3"), "#!/bin/sh\necho 'pipeline: 1 failed'\nexit 1\n");
        var r = Tool.Run("bash", [Path.Combine(Tool.Scripts, "test.sh")], environment: new Dictionary<string, string>
        {
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["NSYNTHBOX_PYTHON"] = Path.Combine(bin, "python3"),
        });

        Assert.Equal(1, r.ExitCode);
        var summary = r.Stdout[r.Stdout.IndexOf("=== test.sh summary", StringComparison.Ordinal)..];
        Assert.Contains("FAILED  NSynthBox.Dsp.Tests", summary);
        Assert.Contains("FAILED  model pipeline", summary);
        foreach (var project in Directory.GetFiles(Path.Combine(Tool.Scripts, "..", "tests"), "*.Tests.csproj", SearchOption.AllDirectories)
                     .Select(Path.GetFileNameWithoutExtension).Where(p => p != "NSynthBox.Dsp.Tests"))
            Assert.Contains("passed  " + project, summary);
    }

    private static void Write(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
    }
}
