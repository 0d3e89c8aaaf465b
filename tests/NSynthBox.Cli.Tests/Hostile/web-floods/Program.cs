// The LAN floods of issue 18 against the built box (run.sh starts it): what each did to the paired performer and to the
// audio. Prints one line per flood; exits 1 when the box died or a protection did not hold, so a regression is loud.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using NSynthBox.WebFloods;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
if (args.Length < 1) return Usage();
var floodRate = args.Length > 1 && int.TryParse(args[1], out var r) && r > 0 ? r : 14000;
var failures = new List<string>();
void Check(bool held, string what)
{
    if (!held) failures.Add(what);
}

using var box = await BoxProcess.StartAsync(args[0]);
var pin = await box.PinAsync();
Console.WriteLine($"box pid {box.Id} at {box.Address} (PIN required); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]} on {Environment.ProcessorCount} cores");
var cookie = await PairAsync(IPAddress.Loopback, pin) ?? throw new InvalidOperationException("the performer could not pair");
await using var performer = await PanelPage.TryOpenAsync(box.Address, cookie) ?? throw new InvalidOperationException("the performer's page was refused");
using var stopPlaying = new CancellationTokenSource();
var playing = PerformAsync(performer, stopPlaying.Token);
await Task.Delay(TimeSpan.FromSeconds(3)); // warm-up: notes sounding, meters arriving

// 1. Baseline, then 16 unpaired clients flooding at floodRate messages a second together, 10 s each.
var quiet = await MeasureAsync(performer, () => Task.Delay(TimeSpan.FromSeconds(10)));
Console.WriteLine($"quiet 10 s: {quiet.Underruns} underruns, {quiet.LateFrames} late control frames, performer rate errors {quiet.PerformerRateErrors}");
var (flooders, refused) = await OpenPagesAsync(16, cookie: null);
long sent = 0;
var flood = await MeasureAsync(performer, () => FloodAsync(flooders, floodRate, TimeSpan.FromSeconds(10), n => Interlocked.Add(ref sent, n)));
Console.WriteLine($"16 unpaired clients ({flooders.Count} connected, {refused} refused) sending {sent / 10.0:0} messages/s for 10 s: {flood.Underruns} underruns, " +
                  $"{flood.LateFrames} late control frames; replies to the flood {flooders.Sum(f => f.LockedErrors)} 'locked', {flooders.Sum(f => f.RateErrors)} rate errors; " +
                  $"performer rate errors {flood.PerformerRateErrors}, performer still connected: {performer.Open}");
Check(flood.PerformerRateErrors == 0 && performer.Open, "the message flood reached the performer");
await DisposeAllAsync(flooders);

// 2. 16 unpaired sockets held open, then the performer opens another page.
(flooders, refused) = await OpenPagesAsync(16, cookie: null);
await using (var second = await PanelPage.TryOpenAsync(box.Address, cookie))
{
    Console.WriteLine($"16 unpaired sockets ({flooders.Count} connected, {refused} refused), then the paired performer's page: {(second is null ? "refused" : second.CanWrite ? "connected, can play" : "connected read-only")}");
    Check(second is { CanWrite: true }, "unpaired sockets kept the performer out");
}
await DisposeAllAsync(flooders);

// 3. 80 connections that never finish their headers, and 28 page loads meanwhile.
var slow = new List<TcpClient>();
for (var i = 0; i < 80; i++)
{
    var tcp = new TcpClient();
    await tcp.ConnectAsync(IPAddress.Loopback, box.Port);
    await tcp.GetStream().WriteAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: 127.0.0.1:{box.Port}\r\nX-Slow: "));
    slow.Add(tcp);
}
var clock = Stopwatch.StartNew();
var loads = 0;
using (var http = new HttpClient { BaseAddress = box.Address, Timeout = TimeSpan.FromSeconds(10) })
{
    for (var i = 0; i < 28; i++)
    {
        try
        {
            using var page = await http.GetAsync("/");
            if (page.StatusCode == HttpStatusCode.OK) loads++;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
        }
    }
}
var closedWithin = await Task.WhenAll(slow.Select(t => ClosedByServerAsync(t, clock)));
Console.WriteLine($"80 slow-header connections: {loads} of 28 page loads served meanwhile; the box closed {closedWithin.Count(s => s is not null)} of 80, " +
                  $"the last {closedWithin.Max() ?? double.NaN:0.0} s after they opened");
Check(loads == 28 && closedWithin.All(s => s is not null), "slow headers kept pages from loading or held their connections");
slow.ForEach(t => t.Dispose());

// 4. Five wrong PINs from another client (127.0.0.2), then the right PIN from each.
var statuses = new List<int>();
for (var i = 0; i < 5; i++) statuses.Add(await PairStatusAsync(IPAddress.Parse("127.0.0.2"), pin == "000000" ? "000001" : "000000"));
var performerStatus = await PairStatusAsync(IPAddress.Loopback, pin);
var guesserStatus = await PairStatusAsync(IPAddress.Parse("127.0.0.2"), pin);
Console.WriteLine($"5 wrong PINs from 127.0.0.2 ({string.Join(", ", statuses)}), then the right PIN: from the performer (127.0.0.1) {performerStatus}, from the guesser {guesserStatus}");
Check(performerStatus == 200 && guesserStatus == 429, "the wrong-PIN lockout was not per client");

// 5. 40 parallel uploads of 15 MB from the paired page.
var before = box.MemoryMiB();
double highest = before.Now;
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        highest = Math.Max(highest, box.MemoryMiB().Now);
        await Task.Delay(20);
    }
});
var body = new byte[15_000_000];
using (var http = new HttpClient { BaseAddress = box.Address, Timeout = TimeSpan.FromSeconds(120) })
{
    var uploads = Enumerable.Range(0, 40).Select(async i =>
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sound?name=flood{i}&file=flood{i}.wav") { Content = new ByteArrayContent(body) };
        request.Headers.Add("Cookie", cookie);
        try
        {
            using var response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return -1; // the box closed the connection
        }
    });
    var results = await Task.WhenAll(uploads);
    await sampling.CancelAsync();
    await sampler;
    var after = box.MemoryMiB();
    Console.WriteLine($"40 parallel 15 MB uploads from the paired page: {string.Join(", ", results.GroupBy(s => s).OrderBy(g => g.Key).Select(g => $"{g.Count()} x {(g.Key < 0 ? "connection closed" : g.Key)}"))}; " +
                      $"box resident memory {before.Now:0} MiB before, at most {highest:0} MiB during (sampled every 20 ms; peak since start {after.Peak:0} MiB)");
    Check(highest - before.Now < 200, "parallel uploads took the box's memory up by 200 MiB or more");
}

await stopPlaying.CancelAsync();
await playing;
var alive = !box.HasExited;
var exit = box.Stop();
var log = box.Log;
Console.WriteLine($"box playing to the end: {alive}; SIGTERM: exit {exit}; stack traces in its log: {CountOf(log, "   at ")}, errors: {CountOf(log, " fail: ")}");
Check(alive && exit == 0 && CountOf(log, "   at ") == 0, "the box died or printed a stack trace");
foreach (var failure in failures) Console.WriteLine($"NOT HELD: {failure}");
return failures.Count == 0 ? 0 : 1;

async Task<string?> PairAsync(IPAddress from, string pinToTry)
{
    using var http = ClientFrom(from);
    using var response = await http.PostAsJsonAsync("/api/pair", new { pin = pinToTry });
    return response.IsSuccessStatusCode ? response.Headers.GetValues("Set-Cookie").First().Split(';')[0] : null;
}

async Task<int> PairStatusAsync(IPAddress from, string pinToTry)
{
    using var http = ClientFrom(from);
    using var response = await http.PostAsJsonAsync("/api/pair", new { pin = pinToTry });
    return (int)response.StatusCode;
}

// A client at its own loopback address: 127.0.0.2 is another machine to the box.
HttpClient ClientFrom(IPAddress local) => new(new SocketsHttpHandler
{
    ConnectCallback = async (context, cancel) =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(local, 0));
        await socket.ConnectAsync(context.DnsEndPoint, cancel);
        return new NetworkStream(socket, ownsSocket: true);
    },
}) { BaseAddress = box.Address, Timeout = TimeSpan.FromSeconds(10) };

async Task<(List<PanelPage> Pages, int Refused)> OpenPagesAsync(int count, string? cookie)
{
    var pages = new List<PanelPage>();
    var refusedCount = 0;
    for (var i = 0; i < count; i++)
    {
        if (await PanelPage.TryOpenAsync(box.Address, cookie) is { } page) pages.Add(page);
        else refusedCount++;
    }
    return (pages, refusedCount);
}

static async Task DisposeAllAsync(List<PanelPage> pages)
{
    foreach (var page in pages) await page.DisposeAsync();
}

// The performer holds a chord and moves the finger at 50 Hz, as one playing would.
static async Task PerformAsync(PanelPage page, CancellationToken stop)
{
    foreach (var note in new[] { 48, 55, 60, 64 }) await page.SendAsync($$"""{"t":"noteOn","note":{{note}},"velocity":0.8}""");
    var t = 0.0;
    try
    {
        while (!stop.IsCancellationRequested)
        {
            t += 0.02;
            await page.SendAsync(string.Create(CultureInfo.InvariantCulture, $$"""{"t":"xy","x":{{0.5 + 0.4 * Math.Sin(t):0.###}},"y":{{0.5 + 0.4 * Math.Cos(t * 0.7):0.###}}}"""));
            await Task.Delay(20, stop);
        }
    }
    catch (OperationCanceledException)
    {
    }
    foreach (var note in new[] { 48, 55, 60, 64 }) await page.SendAsync($$"""{"t":"noteOff","note":{{note}}}""");
}

static async Task<(long Underruns, long LateFrames, long PerformerRateErrors)> MeasureAsync(PanelPage performer, Func<Task> during)
{
    await Task.Delay(300); // a fresh meters message
    var (u, l, e) = (performer.Underruns, performer.LateFrames, performer.RateErrors);
    await during();
    await Task.Delay(300);
    return (performer.Underruns - u, performer.LateFrames - l, performer.RateErrors - e);
}

// Each page sends its share of the rate, paced by the clock, for the whole duration.
static async Task FloodAsync(List<PanelPage> pages, int rate, TimeSpan duration, Action<long> count)
{
    if (pages.Count == 0) return;
    var each = (double)rate / pages.Count;
    await Task.WhenAll(pages.Select(async page =>
    {
        var clock = Stopwatch.StartNew();
        long sentHere = 0;
        while (clock.Elapsed < duration)
        {
            while (sentHere < clock.Elapsed.TotalSeconds * each)
            {
                await page.SendAsync("""{"t":"xy","x":0.3,"y":0.7}""");
                sentHere++;
            }
            await Task.Delay(5);
        }
        count(sentHere);
    }));
}

static async Task<double?> ClosedByServerAsync(TcpClient tcp, Stopwatch since)
{
    using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(30));
    var buffer = new byte[1024];
    try
    {
        while (await tcp.GetStream().ReadAsync(buffer, bound.Token) > 0)
        {
        }
    }
    catch (IOException)
    {
    }
    catch (OperationCanceledException)
    {
        return null;
    }
    return since.Elapsed.TotalSeconds;
}

static int CountOf(string text, string what)
{
    var n = 0;
    for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal)) n++;
    return n;
}

static int Usage()
{
    Console.Error.WriteLine("usage: NSynthBox.WebFloods NSYNTHBOX.DLL [flood messages a second, default 14000] (run.sh builds both)");
    return 2;
}
