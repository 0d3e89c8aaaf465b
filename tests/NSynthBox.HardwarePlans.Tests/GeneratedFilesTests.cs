namespace NSynthBox.HardwarePlans.Tests;

public class GeneratedFilesTests
{
    [Fact]
    public void Committed_outputs_are_what_the_generator_makes_from_pinmap_json()
    {
        Assert.True(ToolRun.OnPath("python3"), "python3 must be on PATH (Debian package python3)");
        var (code, output) = ToolRun.Run("python3", [Repo.PathOf("hardware", "tools", "generate.py"), "--check"], TimeSpan.FromMinutes(2));
        Assert.True(code == 0, output);
    }
}
