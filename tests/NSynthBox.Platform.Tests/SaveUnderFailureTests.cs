using System.Diagnostics;
using System.Text.Json.Nodes;
using NSynthBox.Platform.State;
using NSynthBox.Web;

namespace NSynthBox.Platform.Tests;

/// <summary>
/// A patch or settings save that is killed (kill -9) or runs out of disk leaves the previous
/// version intact. The saving is done by a child process (<see cref="SaveChild"/>) running the
/// product's own PatchStore and JsonSettingsStore.
/// </summary>
public sealed class SaveUnderFailureTests
{
    private static readonly string Self = Path.Combine(AppContext.BaseDirectory, "NSynthBox.Platform.Tests.dll");

    private static ProcessStartInfo Child(params string[] args) =>
        new("dotnet", ["exec", Self, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };

    /// <summary>
    /// Starts a child saving versions 1, 2, 3... in a loop, kills it with SIGKILL after a random
    /// number of saves and a random few milliseconds, and returns the last version it reported saved.
    /// </summary>
    private static int SaveUntilKilled(Random random, string mode, string target)
    {
        using var child = Process.Start(Child(mode, target))!;
        var reported = 0;
        var wanted = random.Next(1, 40);
        while (reported < wanted && child.StandardOutput.ReadLine() is { } line) reported = int.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
        Thread.Sleep(random.Next(0, 15));
        child.Kill(); // SIGKILL: no finally blocks, no flush
        child.WaitForExit();
        while (child.StandardOutput.ReadLine() is { } line) reported = int.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(reported >= 1, $"the child saved nothing: {child.StandardError.ReadToEnd()}");
        return reported;
    }

    [Fact]
    public void Patch_save_killed_at_random_moments_leaves_a_complete_version()
    {
        using var dir = new TempDirectory();
        var random = new Random(20261126);
        for (var round = 0; round < 12; round++)
        {
            var reported = SaveUntilKilled(random, "patch-loop", dir.Path);
            var store = new PatchStore(dir.Path); // what the box reads at its next start
            var patch = store.Get(0);
            Assert.NotNull(patch);
            var version = SaveChild.VersionOf(patch);
            // The last version reported saved, or the one after it if the kill came between its rename and the report.
            Assert.True(version == reported || version == reported + 1, $"round {round}: file holds version {version}, the child had saved {reported}");
        }
        // Temporary files of killed writers are removed at the next start; only the patch stays.
        new PatchStore(dir.Path);
        Assert.Equal(["patch-01.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Settings_save_killed_at_random_moments_leaves_a_complete_version_and_the_rest_of_the_file()
    {
        using var dir = new TempDirectory();
        var path = dir.File("config.json");
        // A large file (the settings are one section of it) makes each write long enough for kills to land inside it.
        var other = new JsonObject();
        for (var i = 0; i < 3000; i++) other[$"key{i}"] = new string('x', 40);
        File.WriteAllText(path, new JsonObject { ["Other"] = other }.ToJsonString());
        var random = new Random(7);
        for (var round = 0; round < 12; round++)
        {
            var reported = SaveUntilKilled(random, "settings-loop", path);
            var store = new JsonSettingsStore(path, "Panel");
            var version = SaveChild.VersionOf(store.Load());
            Assert.True(version == reported || version == reported + 1, $"round {round}: file holds version {version}, the child had saved {reported}");
            Assert.Equal(3000, (JsonNode.Parse(File.ReadAllText(path))!["Other"] as JsonObject)!.Count);
        }
    }

    /// <summary>
    /// A full disk, made without root: the child limits its file size (RLIMIT_FSIZE, what <c>ulimit -f</c> sets)
    /// with SIGXFSZ ignored, so a write past the limit fails with EFBIG part-way, exactly where a full disk fails
    /// with ENOSPC. The save must fail with the file named and leave the old version.
    /// </summary>
    [Fact]
    public void Settings_save_on_a_full_disk_fails_clearly_and_keeps_the_previous_version()
    {
        using var dir = new TempDirectory();
        var path = dir.File("config.json");
        var other = new JsonObject();
        for (var i = 0; i < 3000; i++) other[$"key{i}"] = new string('x', 40); // ~150 KB: the write stops part-way at 64 KiB
        File.WriteAllText(path, new JsonObject { ["Other"] = other }.ToJsonString());
        Assert.True(new JsonSettingsStore(path, "Panel").Save(SaveChild.SettingsVersion(3)).Saved);
        var before = File.ReadAllBytes(path);

        var (exit, error) = RunLimited("settings-once", path, "4", "64");

        Assert.Equal(3, exit);
        Assert.Contains($"not saved: {path}: not written", error);
        Assert.Contains("file too large", error);
        Assert.Contains("the previous version is kept", error);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(3, SaveChild.VersionOf(new JsonSettingsStore(path, "Panel").Load()));
        Assert.Equal(["config.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName)); // the partial temporary file is gone
    }

    [Fact]
    public void Patch_save_on_a_full_disk_fails_and_keeps_the_previous_version()
    {
        using var dir = new TempDirectory();
        new PatchStore(dir.Path).Save(0, SaveChild.PatchVersion(3));
        var before = File.ReadAllBytes(dir.File("patch-01.json"));

        var (exit, error) = RunLimited("patch-once", dir.Path, "4", "0");

        Assert.Equal(3, exit);
        Assert.Contains("file too large", error);
        Assert.Equal(before, File.ReadAllBytes(dir.File("patch-01.json")));
        Assert.Equal(3, SaveChild.VersionOf(new PatchStore(dir.Path).Get(0)!));
        Assert.Equal(["patch-01.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    /// <summary>Runs a child that limits its own file size, with SIGXFSZ ignored (so the write fails with EFBIG instead of killing it).</summary>
    private static (int Exit, string Error) RunLimited(params string[] args)
    {
        const string command = "trap '' XFSZ; exec dotnet exec \"$0\" \"$@\"";
        using var child = Process.Start(new ProcessStartInfo("bash", ["-c", command, Self, .. args]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = child.StandardError.ReadToEndAsync();
        child.StandardOutput.ReadToEnd();
        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(1)), "the child did not finish");
        return (child.ExitCode, error.Result);
    }
}
