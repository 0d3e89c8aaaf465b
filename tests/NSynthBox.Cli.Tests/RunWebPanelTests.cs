using System.Net;
using System.Net.Sockets;

namespace NSynthBox.Cli.Tests;

public sealed class RunWebPanelTests
{
    [Fact]
    public async Task Nsynthbox_run_serves_the_browser_panel_on_localhost()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var state = Directory.CreateTempSubdirectory("nsynthbox-state-").FullName;
        using var box = CliRunner.Start(state, "run", "--sink", "null", "--web", port.ToString(), "--duration", "20");
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            string? page = null;
            for (var attempt = 0; attempt < 60 && page is null && !box.HasExited; attempt++)
            {
                try
                {
                    page = await http.GetStringAsync($"http://127.0.0.1:{port}/");
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(250);
                }
            }
            Assert.True(page is not null, "the panel answered: " + (box.HasExited ? await box.StandardError.ReadToEndAsync() : "no answer in 15 s"));
            Assert.Contains("<!doctype html>", page, StringComparison.OrdinalIgnoreCase);
            var traversal = await http.GetAsync($"http://127.0.0.1:{port}/..%2f..%2fetc%2fpasswd");
            Assert.NotEqual(HttpStatusCode.OK, traversal.StatusCode);
        }
        finally
        {
            if (!box.HasExited) box.Kill(entireProcessTree: true);
            box.WaitForExit();
            Directory.Delete(state, recursive: true);
        }
    }
}
