using Microsoft.Extensions.Logging;
using NSynthBox.Web;

namespace NSynthBox;

/// <summary>
/// Gets the web panel's pairing PIN (needed when the panel is open to the network) to the person at
/// the box and to nobody else: on the OLED, on the terminal when the box runs in one, and in
/// <c>web-pin</c> in the state folder, readable by the service's user only (mode 0600; <c>sudo cat
/// /var/lib/nsynthbox/web-pin</c>). Never in the log: the journal is readable by the adm group and
/// often copied off the box, and anyone who can read the PIN can change the instrument's settings.
/// </summary>
internal static class WebPin
{
    public const string FileName = "web-pin";

    public static void Publish(WebPanel panel, string stateDirectory, ILogger log, Action<string>? showOnPanel)
    {
        var path = Path.Combine(stateDirectory, FileName);
        var written = false;
        try
        {
            if (!panel.PinRequired)
            {
                File.Delete(path); // a PIN from an earlier start means nothing now
                return;
            }
            Engine.Storage.AtomicFile.WriteAllText(path, panel.Pin + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
            written = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!panel.PinRequired) return;
            log.LogWarning("web panel: the pairing PIN could not be written to {Path} ({Error}); it is only on the box's screen", path, e.Message);
        }
        showOnPanel?.Invoke(panel.Pin);
        // Someone at a terminal is at the box; under systemd stdout is the journal, so it stays out of it.
        if (!Console.IsOutputRedirected) Console.WriteLine($"web panel pairing PIN: {panel.Pin}");
        if (written) log.LogInformation("web panel: the pairing PIN is on the box's screen and in {Path} (readable by this user only)", path);
    }
}
