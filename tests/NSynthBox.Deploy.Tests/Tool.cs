using System.Diagnostics;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Deploy.Tests;

/// <summary>Runs programs and the deploy scripts.</summary>
internal static class Tool
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string Output => Stdout + Stderr;

        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    public static string Scripts => RepoPaths.Combine("deploy-scripts");

    /// <summary>True when an executable of that name is on PATH.</summary>
    public static bool OnPath(string exe) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(d => File.Exists(Path.Combine(d, exe)));

    public static bool IsRoot { get; } = Run("id", ["-u"]).Stdout.Trim() == "0";

    public static Result Run(string exe, IEnumerable<string> args, TimeSpan? timeout = null, string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepoPaths.Root,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (environment is not null)
        {
            foreach (var (k, v) in environment) psi.Environment[k] = v;
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {exe}");
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(2)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{exe} {string.Join(' ', args)} ran longer than {timeout}");
        }
        p.WaitForExit();
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs deploy-scripts/NAME with bash.</summary>
    public static Result Script(string name, params string[] args) =>
        Run("bash", [Path.Combine(Scripts, name), .. args]);

    /// <summary>Runs the script and fails the test, showing its output, unless it exits 0.</summary>
    public static Result ScriptOk(string name, params string[] args)
    {
        var r = Script(name, args);
        Assert.True(r.ExitCode == 0, $"{name} {string.Join(' ', args)}: {r}");
        return r;
    }

    public static void RequireRoot()
    {
        Assert.True(IsRoot, "these tests run install.sh/update.sh/uninstall.sh for real against a fake root, which needs root " +
                            "(useradd --prefix, chown); CI runs as root. The --dry-run tests run without it.");
    }
}
