using System.Net;

namespace NSynthBox.Web;

/// <summary>Where and how the browser panel is served.</summary>
public sealed record WebPanelOptions
{
    /// <summary>Address to listen on: "127.0.0.1" (default, this machine only), "::1", "0.0.0.0" or "::" (every network), or one interface's address.</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (see <see cref="WebPanel.Port"/>).</summary>
    public int Port { get; init; } = 8080;

    /// <summary>Whether changing anything needs the pairing PIN; null (default) = only when <see cref="Address"/> is not a loopback address.</summary>
    public bool? RequirePin { get; init; }

    /// <summary>How often the snapshot is polled for changes to push to pages (a hardware knob shows within one period).</summary>
    public int UpdateHz { get; init; } = 200;

    /// <summary>How often the meters (level, voices, CPU, warnings) are pushed.</summary>
    public int MetersHz { get; init; } = 5;

    /// <summary>Largest WebSocket message accepted from a page; a larger one is answered with an error and the socket closed.</summary>
    public int MaxMessageBytes { get; init; } = 8192;

    /// <summary>Messages per second one page may send; beyond this they are answered with an error and dropped.</summary>
    public int MaxMessagesPerSecond { get; init; } = 400;

    /// <summary>Pages connected at once.</summary>
    public int MaxClients { get; init; } = 16;

    /// <summary>Largest WAV the page may upload as a sound (12 s of 96 kHz 24-bit stereo is 6.6 MiB).</summary>
    public int MaxUploadBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Patch slots the patch buttons offer (the hardware has one per corner encoder).</summary>
    public int PatchSlots { get; init; } = 4;

    /// <summary>Wrong PINs allowed before pairing is refused for <see cref="PairingLockout"/>.</summary>
    public int MaxPinAttempts { get; init; } = 5;

    public TimeSpan PairingLockout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a paired browser stays paired (until the box restarts at the latest: the PIN is new each start).</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>The parsed <see cref="Address"/>; "localhost" means 127.0.0.1.</summary>
    public IPAddress ParseAddress()
    {
        var text = Address.Trim();
        if (string.Equals(text, "localhost", StringComparison.OrdinalIgnoreCase)) return IPAddress.Loopback;
        if (text.StartsWith('[') && text.EndsWith(']')) text = text[1..^1];
        return IPAddress.TryParse(text, out var address)
            ? address
            : throw new ArgumentException($"web panel address '{Address}': expected an IP address such as 127.0.0.1, 0.0.0.0 or ::1");
    }

    public void Validate()
    {
        ParseAddress();
        if (Port is < 0 or > 65535) throw new ArgumentException($"web panel port {Port}: expected 1..65535 (or 0 for any free port)");
        if (UpdateHz is < 1 or > 1000) throw new ArgumentException($"web panel update rate {UpdateHz} Hz: expected 1..1000");
        if (MetersHz is < 1 or > 100) throw new ArgumentException($"web panel meter rate {MetersHz} Hz: expected 1..100");
        if (MaxMessageBytes is < 1024 or > 1 << 20) throw new ArgumentException($"web panel message limit {MaxMessageBytes} bytes: expected 1024..1048576");
        if (MaxMessagesPerSecond < 10) throw new ArgumentException($"web panel message rate {MaxMessagesPerSecond}/s: expected at least 10");
        if (MaxClients < 1) throw new ArgumentException($"web panel clients {MaxClients}: expected at least 1");
        if (PatchSlots is < 1 or > 128) throw new ArgumentException($"patch slots {PatchSlots}: expected 1..128");
        if (MaxPinAttempts < 1) throw new ArgumentException($"PIN attempts {MaxPinAttempts}: expected at least 1");
    }
}
