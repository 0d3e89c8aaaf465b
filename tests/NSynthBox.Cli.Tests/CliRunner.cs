using System.Diagnostics;

namespace NSynthBox.Cli.Tests;

/// <summary>Runs the built nsynthbox program as a user would, capturing its output and exit status.</summary>
internal static class CliRunner
{
    public sealed record Result(int ExitCode, string Out, string Error);

    public static Result Run(params string[] args)
    {
        using var p = Start(null, args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(2))) p.Kill(entireProcessTree: true);
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts the program with its output redirected and, when given, its state folder ($XDG_STATE_HOME) set.</summary>
    public static Process Start(string? stateHome, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet", ["exec", Path.Combine(AppContext.BaseDirectory, "nsynthbox.dll"), .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        if (stateHome is not null) psi.Environment["XDG_STATE_HOME"] = stateHome;
        return Process.Start(psi)!;
    }
}
