using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using NSynthBox.Engine;
using static Microsoft.Playwright.Assertions;

namespace NSynthBox.Web.Tests;

/// <summary>Who may change the box, what may be fetched, and what the socket accepts.</summary>
[Collection(PanelCollection.Name)]
public sealed class AccessTests(PanelFixture box)
{
    [Theory]
    [InlineData("GET /../../etc/passwd HTTP/1.1")]
    [InlineData("GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1")]
    [InlineData("GET /%2E%2E%2F%2E%2E%2Fetc%2Fpasswd HTTP/1.1")]
    [InlineData("GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1")]
    [InlineData("GET /%252e%252e/%252e%252e/etc/passwd HTTP/1.1")]
    [InlineData("GET /%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd HTTP/1.1")]
    [InlineData("GET /..\\..\\..\\etc\\passwd HTTP/1.1")]
    [InlineData("GET /app.js/../../../../etc/passwd HTTP/1.1")]
    [InlineData("GET //etc/passwd HTTP/1.1")]
    [InlineData("GET /etc/passwd HTTP/1.1")]
    [InlineData("GET http://127.0.0.1/../../etc/passwd HTTP/1.1")]
    [InlineData("GET /index.html%00.js HTTP/1.1")]
    [InlineData("GET /wwwroot/index.html HTTP/1.1")]
    [InlineData("GET /NSynthBox.Web.dll HTTP/1.1")]
    [InlineData("GET /../NSynthBox.Web.Tests.dll HTTP/1.1")]
    [InlineData("GET /appsettings.json HTTP/1.1")]
    [InlineData("GET /.%2e/.%2e/proc/self/environ HTTP/1.1")]
    public async Task Paths_outside_the_pages_own_files_are_refused(string requestLine)
    {
        var (status, response) = await RawHttp.SendAsync(box.Panel.Port, requestLine);
        Assert.True(status is 400 or 404, $"{requestLine}: status {status}\n{response}");
        Assert.DoesNotContain("root:", response, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", response, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    [InlineData("/favicon.svg", "image/svg+xml")]
    public async Task The_pages_own_files_are_served(string path, string type)
    {
        var (status, response) = await RawHttp.SendAsync(box.Panel.Port, $"GET {path} HTTP/1.1");
        Assert.Equal(200, status);
        Assert.Contains($"Content-Type: {type}", response, StringComparison.Ordinal);
        Assert.Contains("Content-Security-Policy: default-src 'self'", response, StringComparison.Ordinal);
        Assert.Contains("X-Content-Type-Options: nosniff", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_pin_the_panel_answers_only_to_localhost_names()
    {
        // A web page on another site that rebinds its DNS name to 127.0.0.1 still sends its own Host.
        var (status, _) = await RawHttp.SendAsync(box.Panel.Port, "GET / HTTP/1.1", host: "attacker.example");
        Assert.Equal(403, status);
        Assert.Equal(200, (await RawHttp.SendAsync(box.Panel.Port, "GET / HTTP/1.1", host: $"localhost:{box.Panel.Port}")).Status);
    }

    [Fact]
    public async Task The_socket_refuses_pages_of_other_sites()
    {
        var e = await Assert.ThrowsAnyAsync<WebSocketException>(() => PanelSocket.ConnectAsync(box.Panel.Address, origin: "http://attacker.example"));
        Assert.Contains("403", e.Message, StringComparison.Ordinal);
        await using var ok = await PanelSocket.ConnectAsync(box.Panel.Address, origin: $"http://127.0.0.1:{box.Panel.Port}");
        Assert.True((await ok.WaitForAsync("hello")).GetProperty("canWrite").GetBoolean());
    }

    [Fact]
    public async Task Open_to_the_network_the_panel_is_read_only_until_the_pin_is_entered()
    {
        await using var panel = await WebPanel.StartAsync(new WebPanelOptions { Address = "0.0.0.0", Port = 0 }, box.Backend, box.LoggerFactory);
        Assert.True(panel.PinRequired);
        Assert.Matches(new Regex(@"^\d{6}$"), panel.Pin);
        var local = new Uri($"http://127.0.0.1:{panel.Port}/");

        // A script without the PIN sees everything and changes nothing.
        await using (var socket = await PanelSocket.ConnectAsync(local))
        {
            var hello = await socket.WaitForAsync("hello");
            Assert.False(hello.GetProperty("canWrite").GetBoolean());
            Assert.True(hello.GetProperty("pinRequired").GetBoolean());
            box.Engine.Post(ControlEvent.SetKnob(Knob.Position, 0.1f));
            await Wait.UntilAsync(() => box.Engine.Snapshot.Knobs[0] == 0.1f, () => "position knob not set");
            await socket.SendAsync("""{"t":"knob","knob":"position","v":0.99}""");
            var error = await socket.WaitForAsync("error");
            Assert.Equal("locked", error.GetProperty("code").GetString());
            await Task.Delay(100);
            Assert.Equal(0.1f, box.Engine.Snapshot.Knobs[0]);
        }

        // Pairing by HTTP: a wrong PIN is refused, no cookie.
        using (var http = new HttpClient { BaseAddress = local })
        {
            var wrong = await http.PostAsJsonAsync("/api/pair", new { pin = panel.Pin == "000000" ? "111111" : "000000" });
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
            Assert.False(wrong.Headers.Contains("Set-Cookie"));
            var malformed = await http.PostAsJsonAsync("/api/pair", new { pin = 123456 });
            Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        }

        // In the browser: read-only, then the PIN unlocks it.
        var page = await box.OpenAsync(local, waitForWrite: false);
        await Expect(page.Locator("body")).ToHaveClassAsync(new Regex("readonly"));
        await Expect(page.Locator("#pair")).ToBeVisibleAsync();
        await page.FillAsync("#pin", panel.Pin == "999999" ? "999998" : "999999");
        await page.ClickAsync("#pair button");
        await Expect(page.Locator("#pair-error")).ToHaveTextAsync("wrong PIN");
        await page.FillAsync("#pin", panel.Pin);
        await page.ClickAsync("#pair button");
        await Expect(page.Locator("#pair")).ToBeHiddenAsync();
        await Expect(page.Locator("body")).Not.ToHaveClassAsync(new Regex("readonly"));
        await page.Locator("#knob-position").FocusAsync();
        await page.Keyboard.PressAsync("End");
        await Wait.UntilAsync(() => box.Engine.Snapshot.Knobs[0] == 1f, () => $"position knob {box.Engine.Snapshot.Knobs[0]} after pairing");
        var cookies = await page.Context.CookiesAsync();
        Assert.Contains(cookies, c => c.Name == "nsynthbox_session" && c.HttpOnly && c.SameSite == Microsoft.Playwright.SameSiteAttribute.Strict);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Guessing_the_pin_is_stopped_after_a_few_tries()
    {
        await using var panel = await WebPanel.StartAsync(new WebPanelOptions { Port = 0, RequirePin = true, MaxPinAttempts = 3 }, box.Backend);
        using var http = new HttpClient { BaseAddress = panel.Address };
        var wrong = panel.Pin == "000000" ? "000001" : "000000";
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsJsonAsync("/api/pair", new { pin = wrong })).StatusCode);
        var locked = await http.PostAsJsonAsync("/api/pair", new { pin = panel.Pin }); // even the right one, for now
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.NotNull(locked.Headers.RetryAfter);
        var foreign = new HttpRequestMessage(HttpMethod.Post, "/api/pair") { Content = JsonContent.Create(new { pin = panel.Pin }) };
        foreign.Headers.Add("Origin", "http://attacker.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(foreign)).StatusCode);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{}")]
    [InlineData("""{"t":42}""")]
    [InlineData("""{"t":"launchMissiles"}""")]
    [InlineData("""{"t":"xy","x":2,"y":0.5}""")]
    [InlineData("""{"t":"xy","x":"0.5","y":0.5}""")]
    [InlineData("""{"t":"xy","x":0.5}""")]
    [InlineData("""{"t":"xy","x":0.5,"y":0.5,"z":1}""")]
    [InlineData("""{"t":"xy","x":1e999,"y":0.5}""")]
    [InlineData("""{"t":"knob","knob":"wah","v":0.5}""")]
    [InlineData("""{"t":"knob","knob":9,"v":0.5}""")]
    [InlineData("""{"t":"corner","corner":0,"instrument":100000}""")]
    [InlineData("""{"t":"corner","corner":4,"instrument":1}""")]
    [InlineData("""{"t":"noteOn","note":128,"velocity":0.5}""")]
    [InlineData("""{"t":"noteOn","note":60.5,"velocity":0.5}""")]
    [InlineData("""{"t":"noteOn","note":60,"velocity":0.5,"channel":16}""")]
    [InlineData("""{"t":"patch","action":"delete","slot":0}""")]
    [InlineData("""{"t":"patch","action":"save","slot":99}""")]
    [InlineData("""{"t":"midi","data":[240,1,2]}""")]
    [InlineData("""{"t":"midi","data":[144,200,1]}""")]
    [InlineData("""{"t":"midi","data":[144,60]}""")]
    [InlineData("""{"t":"midi","data":"90 3c 40"}""")]
    [InlineData("""{"t":"settings","action":"save","settings":[]}""")]
    [InlineData("""{"t":"settings","action":"save","settings":{"evil":true}}""")]
    [InlineData("""{"t":"sustain","down":"yes"}""")]
    [InlineData("""{"t":"ping","id":"x"}""")]
    [InlineData("""{"t":"xy","a":{"b":{"c":{"d":{"e":{"f":{"g":{"h":{"i":1}}}}}}}}}""")]
    public async Task A_bad_message_gets_an_error_reply_and_the_socket_stays_usable(string message)
    {
        await using var socket = await PanelSocket.ConnectAsync(box.Panel.Address);
        await socket.WaitForAsync("hello");
        await socket.SendAsync(message);
        var error = await socket.WaitForAsync("error");
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("error").GetString()));
        await socket.SendAsync("""{"t":"ping","id":7}""");
        var pong = await socket.WaitForAsync("pong");
        Assert.Equal(7, pong.GetProperty("id").GetInt32());
    }

    [Fact]
    public async Task A_binary_message_is_refused_with_an_error()
    {
        await using var socket = await PanelSocket.ConnectAsync(box.Panel.Address);
        await socket.WaitForAsync("hello");
        await socket.Socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);
        Assert.Contains("binary", (await socket.WaitForAsync("error")).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_message_is_answered_and_the_socket_closed_and_the_server_goes_on()
    {
        await using (var socket = await PanelSocket.ConnectAsync(box.Panel.Address))
        {
            await socket.WaitForAsync("hello");
            var huge = """{"t":"xy","x":0.5,"y":0.5,"pad":" """ + new string('a', 100_000) + "\"}";
            await socket.SendAsync(huge);
            var error = await socket.WaitForAsync("error");
            Assert.Equal("tooBig", error.GetProperty("code").GetString());
            while (await socket.ReceiveAsync() is not null)
            {
                // drain pushes until the close frame
            }
            Assert.Equal(WebSocketCloseStatus.MessageTooBig, socket.Socket.CloseStatus);
        }
        await using var next = await PanelSocket.ConnectAsync(box.Panel.Address);
        Assert.Equal("hello", (await next.WaitForAsync("hello")).GetProperty("t").GetString());
    }

    [Fact]
    public async Task A_flood_of_messages_is_cut_to_the_rate_limit()
    {
        await using var panel = await WebPanel.StartAsync(new WebPanelOptions { Port = 0, MaxMessagesPerSecond = 20 }, box.Backend);
        await using var socket = await PanelSocket.ConnectAsync(panel.Address);
        await socket.WaitForAsync("hello");
        for (var i = 0; i < 60; i++) await socket.SendAsync("""{"t":"ping"}""");
        Assert.Equal("rate", (await socket.WaitForAsync("error")).GetProperty("code").GetString());
    }
}
