using System.Diagnostics;
using System.Globalization;
using System.Text;
using NSynthBox.Engine;
using Xunit.Abstractions;

namespace NSynthBox.Web.Tests;

/// <summary>
/// Measures the WebSocket round trips on loopback and reports them (test output and
/// web-panel-latency.txt beside the test assembly). The issue asks for under 20 ms; timings on a
/// shared test machine are a report, not a pass/fail line.
/// </summary>
[Collection(PanelCollection.Name)]
public sealed class LatencyTests(PanelFixture box, ITestOutputHelper output)
{
    private const int Rounds = 60;

    [Fact]
    public async Task WebSocket_round_trips_on_loopback_are_measured_and_reported()
    {
        var report = new StringBuilder();
        void Line(string name, List<double> ms)
        {
            ms.Sort();
            var text = string.Create(CultureInfo.InvariantCulture,
                $"{name,-58} median {ms[ms.Count / 2],6:0.00} ms   p95 {ms[(int)(ms.Count * 0.95)],6:0.00} ms   max {ms[^1],6:0.00} ms   (n={ms.Count})");
            output.WriteLine(text);
            report.AppendLine(text);
        }

        await using var socket = await PanelSocket.ConnectAsync(box.Panel.Address);
        await socket.WaitForAsync("hello");

        // 1. The transport alone: ping from a WebSocket client, pong back.
        var ping = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            var clock = Stopwatch.StartNew();
            await socket.SendAsync($$"""{"t":"ping","id":{{i}}}""");
            await socket.WaitForAsync("pong", m => m.GetProperty("id").GetInt32() == i);
            ping.Add(clock.Elapsed.TotalMilliseconds);
        }
        Line("ping -> pong (client WebSocket)", ping);

        // 2. A page's knob move through the engine and back: the page sees its change confirmed.
        var viaEngine = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            var v = 0.2 + i * 0.005;
            var clock = Stopwatch.StartNew();
            await socket.SendAsync(string.Create(CultureInfo.InvariantCulture, $$"""{"t":"knob","knob":"position","v":{{v}}}"""));
            await socket.WaitForAsync("state", m => Math.Abs(m.GetProperty("knobs")[0].GetDouble() - v) < 1e-4);
            viaEngine.Add(clock.Elapsed.TotalMilliseconds);
        }
        Line("page knob -> engine -> state push (client WebSocket)", viaEngine);

        // 3. A hardware knob to the page: event posted to the engine until the push arrives.
        var fromHardware = new List<double>();
        for (var i = 0; i < Rounds; i++)
        {
            var v = 0.8f - i * 0.005f;
            var clock = Stopwatch.StartNew();
            box.Engine.Post(ControlEvent.SetKnob(Knob.Position, v));
            await socket.WaitForAsync("state", m => Math.Abs(m.GetProperty("knobs")[0].GetDouble() - v) < 1e-4);
            fromHardware.Add(clock.Elapsed.TotalMilliseconds);
        }
        Line("hardware knob -> state push (client WebSocket)", fromHardware);

        // 4. In Chromium: the page's own ping, as shown in its Link meter.
        var page = await box.OpenAsync();
        var browser = (await page.EvaluateAsync<double[]>($"nsb.measure({Rounds})")).ToList();
        await page.Context.CloseAsync();
        Line("ping -> pong (headless Chromium page)", browser);

        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "web-panel-latency.txt"), report.ToString());
        Assert.All(ping.Concat(viaEngine).Concat(fromHardware).Concat(browser), ms => Assert.True(double.IsFinite(ms) && ms >= 0));
    }
}
