using System.ComponentModel;
using System.Diagnostics;

namespace NSynthBox.Midi.Tests;

/// <summary>Runs the midicsv tool (Debian package midicsv), the independent reader we check
/// our writer against. CI installs it; without it these tests fail with an install hint.</summary>
internal static class Midicsv
{
    public static string[] Convert(string midiPath)
    {
        var start = new ProcessStartInfo("midicsv") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(midiPath);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException("midicsv is not installed; install it with 'apt-get install -y midicsv' (CI does).", e);
        }

        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"midicsv failed with exit code {process.ExitCode}: {stderr.Result}");
            return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
