using System.Net;
using System.Net.Sockets;
using System.Text;

namespace NSynthBox.Web.Tests;

/// <summary>HTTP requests written byte for byte, so no client library tidies up a hostile path first.</summary>
internal static class RawHttp
{
    public static async Task<(int Status, string Response)> SendAsync(int port, string requestLine, string? host = null, string extraHeaders = "")
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        var request = $"{requestLine}\r\nHost: {host ?? $"127.0.0.1:{port}"}\r\n{extraHeaders}Connection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var reader = new StreamReader(stream, Encoding.Latin1);
        var response = await reader.ReadToEndAsync(timeout.Token);
        var status = response.Length >= 12 && int.TryParse(response.AsSpan(9, 3), out var s) ? s : -1;
        return (status, response);
    }

    /// <summary>Sends the request head only (no body, whatever its Content-Length says) and returns the status the server answers with.</summary>
    public static async Task<int> StatusWithoutBodyAsync(int port, string requestLine, string extraHeaders)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes($"{requestLine}\r\nHost: 127.0.0.1:{port}\r\n{extraHeaders}\r\n"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var head = new StringBuilder();
        var buffer = new byte[4096];
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0) break;
            head.Append(Encoding.Latin1.GetString(buffer, 0, read));
        }
        var text = head.ToString();
        return text.Length >= 12 && int.TryParse(text.AsSpan(9, 3), out var status) ? status : -1;
    }
}
