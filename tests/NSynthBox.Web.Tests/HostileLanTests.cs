using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace NSynthBox.Web.Tests;

/// <summary>
/// The panel open to a LAN where someone without the PIN tries to keep the performer out (issue 18): guessing PINs,
/// taking every page slot, holding connections with slow headers, flooding messages, uploading in parallel. Real
/// HTTP and WebSocket clients against 127.0.0.1; counts are small and fixed, times only generous timeouts.
/// </summary>
[Collection(PanelCollection.Name)]
public sealed class HostileLanTests(PanelFixture box)
{
    [Fact]
    public async Task Wrong_pins_from_one_client_lock_out_that_client_only()
    {
        await using var panel = await WebPanel.StartAsync(new WebPanelOptions { Port = 0, RequirePin = true, MaxPinAttempts = 5 }, box.Backend);
        var wrong = panel.Pin == "000000" ? "000001" : "000000";
        using var guesser = ClientFrom(IPAddress.Parse("127.0.0.2"), panel.Address);
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Forbidden, (await guesser.PostAsJsonAsync("/api/pair", new { pin = wrong })).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await guesser.PostAsJsonAsync("/api/pair", new { pin = panel.Pin })).StatusCode);

        // The performer's browser at another address pairs at once.
        using var performer = ClientFrom(IPAddress.Loopback, panel.Address);
        var paired = await performer.PostAsJsonAsync("/api/pair", new { pin = panel.Pin });
        Assert.Equal(HttpStatusCode.OK, paired.StatusCode);
        Assert.Contains(paired.Headers.GetValues("Set-Cookie"), c => c.StartsWith(WebPanel.SessionCookie + "=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("10.0.0.7", "10.0.0.7")]
    [InlineData("::ffff:10.0.0.7", "10.0.0.7")] // an IPv4 client on a dual-stack socket is the same client
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff:ffff:ffff:ffff")] // one host can use its whole /64
    public void Wrong_pins_are_counted_per_address_and_per_ipv6_64(string one, string sameClient)
    {
        Assert.Equal(WebPanel.ClientKey(IPAddress.Parse(one)), WebPanel.ClientKey(IPAddress.Parse(sameClient)));
        Assert.NotEqual(WebPanel.ClientKey(IPAddress.Parse("10.0.0.8")), WebPanel.ClientKey(IPAddress.Parse("10.0.0.7")));
        Assert.NotEqual(WebPanel.ClientKey(IPAddress.Parse("2001:db8:1:3::1")), WebPanel.ClientKey(IPAddress.Parse("2001:db8:1:2::1")));
    }

    [Fact]
    public async Task Unpaired_pages_cannot_take_the_performers_page_slot()
    {
        await using var panel = await WebPanel.StartAsync(new WebPanelOptions { Port = 0, RequirePin = true, MaxClients = 4 }, box.Backend);
        var sockets = new List<PanelSocket>();
        try
        {
            for (var i = 0; i < 2; i++)
            {
                sockets.Add(await PanelSocket.ConnectAsync(panel.Address));
                Assert.False((await sockets[^1].WaitForAsync("hello")).GetProperty("canWrite").GetBoolean());
            }
            for (var i = 0; i < 3; i++)
            {
                var refused = await Assert.ThrowsAnyAsync<WebSocketException>(() => PanelSocket.ConnectAsync(panel.Address));
                Assert.Contains("503", refused.Message, StringComparison.Ordinal);
            }
            var cookie = await PairAsync(panel);
            for (var i = 0; i < 2; i++)
            {
                sockets.Add(await PanelSocket.ConnectAsync(panel.Address, cookie));
                Assert.True((await sockets[^1].WaitForAsync("hello")).GetProperty("canWrite").GetBoolean());
            }
            // Now every slot is taken: a third paired page waits like anyone else.
            Assert.Contains("503", (await Assert.ThrowsAnyAsync<WebSocketException>(() => PanelSocket.ConnectAsync(panel.Address, cookie))).Message, StringComparison.Ordinal);
        }
        finally
        {
            foreach (var socket in sockets) await socket.DisposeAsync();
        }
    }

    [Fact]
    public async Task Connections_that_never_finish_their_headers_are_closed_and_pages_load_meanwhile()
    {
        await using var panel = await WebPanel.StartAsync(new WebPanelOptions { Port = 0 }, box.Backend);
        var slow = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 80; i++)
            {
                var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, panel.Port);
                await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: 127.0.0.1:{panel.Port}\r\nX-Slow: "));
                slow.Add(tcp);
            }
            for (var i = 0; i < 28; i++) Assert.Equal(200, (await RawHttp.SendAsync(panel.Port, "GET / HTTP/1.1")).Status);

            // Each slow connection is closed by the server (headers are due within 3 s); 20 s is only a bound for a busy machine.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            var closed = await Task.WhenAll(slow.Select(t => ClosedByServerAsync(t, bound.Token)));
            Assert.All(closed, Assert.True);
        }
        finally
        {
            foreach (var tcp in slow) tcp.Dispose();
        }
    }

    [Fact]
    public async Task All_pages_together_have_one_message_budget()
    {
        // 6 pages each send one page's whole burst (10): 60 messages where all pages together may send 20 a second.
        await using var panel = await WebPanel.StartAsync(new WebPanelOptions { Port = 0, MaxMessagesPerSecond = 10 }, box.Backend);
        var pages = await OpenPagesAsync(panel, 6);
        try
        {
            await Task.WhenAll(pages.Select(p => SendPingsAsync(p, 10)));
            var answered = await Task.WhenAll(pages.Select(p => CollectUntilPongAsync(p, id: 999)));
            var pongs = answered.Sum(a => a.Pongs);
            Assert.True(pongs < 60, $"all {pongs} of 60 messages were handled: no budget for all pages together");
            Assert.True(pongs >= 20, $"only {pongs} messages were handled: the budget for all pages is 20 a second");
            Assert.Contains(answered.SelectMany(a => a.RateErrors), e => e.Contains("all pages together more than 20", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var page in pages) await page.DisposeAsync();
        }
    }

    [Fact]
    public async Task Unpaired_pages_flooding_do_not_take_the_performers_messages()
    {
        await using var panel = await WebPanel.StartAsync(new WebPanelOptions { Port = 0, RequirePin = true, MaxMessagesPerSecond = 10 }, box.Backend);
        var flooders = await OpenPagesAsync(panel, 4);
        await using var performer = await PanelSocket.ConnectAsync(panel.Address, await PairAsync(panel));
        await performer.WaitForAsync("hello");
        try
        {
            // 40 messages where read-only pages together may send 10 a second; right after them, the performer's whole burst.
            await Task.WhenAll(flooders.Select(p => SendPingsAsync(p, 10)));
            await SendPingsAsync(performer, 10);
            var flood = await Task.WhenAll(flooders.Select(p => CollectUntilPongAsync(p, id: 999)));
            var played = await CollectUntilPongAsync(performer, id: 999);
            Assert.Contains(flood.SelectMany(a => a.RateErrors), e => e.Contains("read-only pages together more than 10", StringComparison.Ordinal));
            Assert.True(flood.Sum(a => a.Pongs) < 40, "every message of the read-only flood was handled");
            Assert.Equal(10, played.Pongs);
            Assert.Empty(played.RateErrors);
        }
        finally
        {
            foreach (var page in flooders) await page.DisposeAsync();
        }
    }

    [Fact]
    public async Task One_upload_at_a_time_and_the_second_is_refused_before_its_body_is_read()
    {
        var importing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var finish = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var imports = 0;
        SoundUploadResult SlowImport(SoundUpload upload, CancellationToken cancel)
        {
            Interlocked.Increment(ref imports);
            importing.TrySetResult();
            finish.Task.Wait(TimeSpan.FromSeconds(30), cancel);
            return new SoundUploadResult(true, $"imported '{upload.Name}'", []);
        }
        var backend = new EngineWebPanelBackend(box.Engine, importSound: SlowImport);
        await using var panel = await WebPanel.StartAsync(new WebPanelOptions { Port = 0 }, backend);
        using var http = new HttpClient { BaseAddress = panel.Address, Timeout = TimeSpan.FromSeconds(60) };
        var first = http.PostAsync("/api/sound?name=first&file=first.wav", new ByteArrayContent(new byte[4096]));
        await importing.Task.WaitAsync(TimeSpan.FromSeconds(20));

        // 15 MB announced, not one byte of it sent: the refusal comes without waiting for (or holding) the body.
        var second = await RawHttp.StatusWithoutBodyAsync(panel.Port, "POST /api/sound?name=second&file=second.wav HTTP/1.1",
            "Content-Type: application/octet-stream\r\nContent-Length: 15000000\r\n");
        Assert.Equal(409, second);

        finish.SetResult();
        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        var third = await http.PostAsync("/api/sound?name=third&file=third.wav", new ByteArrayContent(new byte[4096]));
        Assert.Equal(HttpStatusCode.OK, third.StatusCode);
        Assert.Equal(2, imports);
    }

    private static HttpClient ClientFrom(IPAddress local, Uri panel)
    {
        var handler = new SocketsHttpHandler
        {
            // The client's own address: loopback is a whole /8, so 127.0.0.2 is another machine to the panel.
            ConnectCallback = async (context, cancel) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(local, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = panel };
    }

    private static async Task<string> PairAsync(WebPanel panel)
    {
        using var http = new HttpClient { BaseAddress = panel.Address };
        var paired = await http.PostAsJsonAsync("/api/pair", new { pin = panel.Pin });
        Assert.Equal(HttpStatusCode.OK, paired.StatusCode);
        return paired.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    private static async Task<List<PanelSocket>> OpenPagesAsync(WebPanel panel, int count)
    {
        var pages = new List<PanelSocket>();
        for (var i = 0; i < count; i++)
        {
            pages.Add(await PanelSocket.ConnectAsync(panel.Address));
            await pages[^1].WaitForAsync("hello");
        }
        return pages;
    }

    private static async Task SendPingsAsync(PanelSocket page, int count)
    {
        for (var i = 0; i < count; i++) await page.SendAsync($$"""{"t":"ping","id":{{i}}}""");
    }

    /// <summary>
    /// Waits for the budgets to come back, then sends one ping with <paramref name="id"/> and reads until its pong, counting the
    /// flood's pongs and rate errors on the way: replies leave in order, and dropped messages get none, so only this last pong
    /// says that everything is read.
    /// </summary>
    private static async Task<(int Pongs, List<string> RateErrors)> CollectUntilPongAsync(PanelSocket page, int id)
    {
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await page.SendAsync($$"""{"t":"ping","id":{{id}}}""");
        var pongs = 0;
        var rateErrors = new List<string>();
        while (true)
        {
            var m = await page.ReceiveAsync(seconds: 20) ?? throw new InvalidOperationException($"the server closed the socket before the reply to ping {id}");
            switch (m.GetProperty("t").GetString())
            {
                case "pong" when m.GetProperty("id").GetInt32() == id:
                    return (pongs, rateErrors);
                case "pong":
                    pongs++;
                    break;
                case "error" when m.GetProperty("code").GetString() == "rate":
                    rateErrors.Add(m.GetProperty("error").GetString()!);
                    break;
            }
        }
    }

    private static async Task<bool> ClosedByServerAsync(TcpClient tcp, CancellationToken cancel)
    {
        var buffer = new byte[1024];
        try
        {
            while (await tcp.GetStream().ReadAsync(buffer, cancel) > 0)
            {
                // a 408 or 400 reply may come first; then the end of the stream
            }
            return true;
        }
        catch (IOException)
        {
            return true; // reset by the server
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
