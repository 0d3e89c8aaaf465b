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
}
