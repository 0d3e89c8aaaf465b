namespace NSynthBox.Deploy.Tests;

public class ShellcheckTests
{
    public static TheoryData<string> Scripts()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Tool.Scripts, "*.sh").Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Scripts))]
    public void Script_is_shellcheck_clean(string script)
    {
        Assert.True(Tool.OnPath("shellcheck"), "shellcheck must be on PATH (apt-get install -y shellcheck)");
        var r = Tool.Run("shellcheck", ["-x", "--severity=style", script], workingDirectory: Tool.Scripts);
        Assert.True(r.ExitCode == 0, $"shellcheck {script}:\n{r.Output}");
    }

    [Fact]
    public void Every_script_is_executable_bash_with_strict_mode_and_help()
    {
        foreach (var f in Directory.GetFiles(Tool.Scripts, "*.sh"))
        {
            var text = File.ReadAllText(f);
            if (Path.GetFileName(f) == "lib.sh") continue; // sourced, not run
            Assert.StartsWith("#!/usr/bin/env bash\n", text);
            Assert.Contains("\nset -euo pipefail\n", text);
            Assert.True((File.GetUnixFileMode(f) & UnixFileMode.UserExecute) != 0, f + " is not executable (git update-index --chmod=+x)");
        }
        foreach (var s in new[] { "publish.sh", "install.sh", "update.sh", "uninstall.sh", "test-arm64-qemu.sh" })
        {
            var r = Tool.ScriptOk(s, "--help");
            Assert.Contains("Usage:", r.Stdout);
        }
    }
}
