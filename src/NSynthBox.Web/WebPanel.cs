using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using NSynthBox.Engine;

namespace NSynthBox.Web;

/// <summary>
/// The browser panel: serves the page and a WebSocket (/ws) that carries control events from the
/// page to the box and the box's state back. Start it with <see cref="StartAsync"/>; dispose it to stop.
/// </summary>
public sealed class WebPanel : IAsyncDisposable
{
    internal const string SessionCookie = "nsynthbox_session";
    private const int MaxPairBodyBytes = 1024;
    private readonly WebApplication _app;
    private readonly IWebPanelBackend _backend;
    private readonly WebPanelOptions _options;
    private readonly ILogger _logger;
    private readonly PanelHub _hub;
    private readonly PairingGuard _pairing;
    private readonly StaticAssets _assets;
    private readonly LatentMap _map;
    private readonly ClientMessageParser _parser;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _settingsGate = new();
    private readonly SemaphoreSlim _importGate = new(1, 1);
    private readonly MessageBudget _pairedPagesBudget;
    private readonly MessageBudget _readOnlyPagesBudget;
    private Task _hubTask = Task.CompletedTask;
    private int _disposed;

    private WebPanel(WebApplication app, IWebPanelBackend backend, WebPanelOptions options, ILogger logger, bool pinRequired)
    {
        _app = app;
        _backend = backend;
        _options = options;
        _logger = logger;
        PinRequired = pinRequired;
        _pairing = new PairingGuard(PairingGuard.NewPin(), options.MaxPinAttempts, options.PairingLockout, options.SessionLifetime);
        _assets = StaticAssets.Load();
        _map = new LatentMap(backend.Instruments);
        _parser = new ClientMessageParser(backend.Instruments.Count, options.PatchSlots, backend.PitchBendRange);
        _hub = new PanelHub(backend, options, logger);
        // Twice one page's rate for all pages that can play together: two performers at full speed, never sixteen floods.
        // Read-only pages share a budget of their own, so unpaired LAN clients flooding cannot take the performer's.
        _pairedPagesBudget = new MessageBudget(2 * options.MaxMessagesPerSecond);
        _readOnlyPagesBudget = new MessageBudget(options.MaxMessagesPerSecond);
    }

    /// <summary>Where the panel listens, e.g. http://127.0.0.1:8080/ (for 0.0.0.0 the box's own addresses reach it).</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>The port actually bound (useful with <see cref="WebPanelOptions.Port"/> = 0).</summary>
    public int Port { get; private set; }

    /// <summary>Whether changing anything needs the PIN (the panel is open to the network).</summary>
    public bool PinRequired { get; }

    /// <summary>The pairing PIN, six digits, new at every start: show it on the OLED when <see cref="PinRequired"/>.</summary>
    public string Pin => _pairing.Pin;

    /// <summary>Pages connected now.</summary>
    public int ConnectedPages => _hub.Count;

    /// <summary>
    /// Starts the panel and returns once it listens. Throws <see cref="ArgumentException"/> for bad
    /// options and <see cref="IOException"/> when the address or port cannot be bound.
    /// </summary>
    public static async Task<WebPanel> StartAsync(WebPanelOptions options, IWebPanelBackend backend, ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(backend);
        options.Validate();
        loggerFactory = new QuietFrameworkLoggerFactory(loggerFactory ?? NullLoggerFactory.Instance);
        var address = options.ParseAddress();
        var pinRequired = options.RequirePin ?? !IPAddress.IsLoopback(address);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(WebPanel).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Production,
        });
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        // The box owns Ctrl+C and SIGTERM: the panel must not stop (or stop the box) on its own.
        builder.Services.AddSingleton<IHostLifetime, NoSignalsLifetime>();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3));
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 16 * 1024;
            k.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            k.Limits.MaxConcurrentConnections = 256;
            k.Limits.MaxConcurrentUpgradedConnections = options.MaxClients;
            // Slow-header clients (slowloris) give up their connection within 3 s; a real browser sends its headers at once.
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(3);
            k.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(30);
            k.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 4096, gracePeriod: TimeSpan.FromSeconds(3));
            k.Listen(address, options.Port, l => l.Protocols = HttpProtocols.Http1);
        });
        var app = builder.Build();
        var panel = new WebPanel(app, backend, options, loggerFactory.CreateLogger("NSynthBox.Web"), pinRequired);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.Run(panel.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            await app.DisposeAsync();
            var inUse = e is IOException { InnerException: Microsoft.AspNetCore.Connections.AddressInUseException };
            throw new IOException($"web panel: cannot listen on {options.Address} port {options.Port}: " +
                                  (inUse ? "another program uses that port (choose another port)" : $"{e.Message} (is {options.Address} an address of this machine?)"), e);
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        panel.Address = new Uri(bound is null ? $"http://{options.Address}:{options.Port}/" : bound.TrimEnd('/') + "/");
        panel.Port = panel.Address.Port;
        panel._hubTask = Task.Run(() => panel._hub.RunAsync(panel._stopping.Token), CancellationToken.None);
        panel._logger.LogInformation("web panel at {Address}{Access}", panel.Address,
            !pinRequired ? " (this machine only)"
            : IPAddress.IsLoopback(address) ? " (this machine only, and changes need the pairing PIN shown on the box)"
            : " (open to the network: changes need the pairing PIN shown on the box)");
        return panel;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await _stopping.CancelAsync(); // pages are told "going away", the hub stops
        await _hubTask;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        SetSecurityHeaders(response);
        if (!PinRequired && !IsLocalHost(request.Host.Host))
        {
            // Open without a PIN only to this machine: a page that reached us through a rebound DNS name is refused.
            await Reply(context, StatusCodes.Status403Forbidden, "this panel answers to localhost only");
            return;
        }
        var path = request.Path.Value ?? "/";
        switch (path)
        {
            case "/ws":
                await HandleWebSocketAsync(context);
                return;
            case "/api/pair":
                await HandlePairAsync(context);
                return;
            case "/api/sound":
                await HandleSoundUploadAsync(context);
                return;
        }
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            response.Headers.Allow = "GET, HEAD";
            await Reply(context, StatusCodes.Status405MethodNotAllowed, "only GET and HEAD");
            return;
        }
        if (!_assets.TryGet(path, out var asset) || request.QueryString.HasValue && request.QueryString.Value!.Length > 256)
        {
            await Reply(context, StatusCodes.Status404NotFound, "not found");
            return;
        }
        response.Headers.ETag = asset.ETag;
        response.Headers.CacheControl = "no-cache";
        if (request.Headers.IfNoneMatch == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        if (HttpMethods.IsGet(request.Method)) await response.Body.WriteAsync(asset.Content, context.RequestAborted);
    }

    private static void SetSecurityHeaders(HttpResponse response)
    {
        var h = response.Headers;
        h.XContentTypeOptions = "nosniff";
        h.XFrameOptions = "DENY";
        h["Referrer-Policy"] = "no-referrer";
        h.ContentSecurityPolicy = "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
    }

    private static bool IsLocalHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip);

    /// <summary>A browser names the page that opened a request; only our own page may use the socket or pair.</summary>
    private static bool IsSameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (string.IsNullOrEmpty(origin)) return true; // not a browser: it carries no ambient cookie from another site
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme is "http" or "https")
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A client for the wrong-PIN count: its IPv4 address, or its IPv6 /64 (one host can use a whole /64).</summary>
    internal static string ClientKey(IPAddress? ip)
    {
        if (ip is null) return "";
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6) return ip.ToString();
        return Convert.ToHexString(ip.GetAddressBytes(), 0, 8);
    }

    private bool CanWrite(HttpRequest request) => !PinRequired || _pairing.IsValidSession(request.Cookies[SessionCookie]);

    private static Task Reply(HttpContext context, int status, string error)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = error }), context.RequestAborted);
    }

    private async Task HandlePairAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await Reply(context, StatusCodes.Status405MethodNotAllowed, "POST {\"pin\":\"123456\"}");
            return;
        }
        if (!IsSameOrigin(request))
        {
            await Reply(context, StatusCodes.Status403Forbidden, "pairing is only accepted from the panel's own page");
            return;
        }
        if (!PinRequired)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"ok\":true,\"pinRequired\":false}", context.RequestAborted);
            return;
        }
        string? pin = null;
        try
        {
            var body = new byte[MaxPairBodyBytes];
            var length = 0;
            int read;
            while ((read = await request.Body.ReadAsync(body.AsMemory(length), context.RequestAborted)) > 0)
            {
                length += read;
                if (length == body.Length) throw new JsonException("body too large");
            }
            using var doc = JsonDocument.Parse(body.AsMemory(0, length), new JsonDocumentOptions { MaxDepth = 4 });
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("pin", out var p) && p.ValueKind == JsonValueKind.String)
                pin = p.GetString();
        }
        catch (Exception e) when (e is JsonException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
        }
        if (pin is null || pin.Length != 6 || !pin.All(char.IsAsciiDigit))
        {
            await Reply(context, StatusCodes.Status400BadRequest, "expected {\"pin\":\"123456\"}: the six digits shown on the box");
            return;
        }
        switch (_pairing.TryPair(pin, ClientKey(context.Connection.RemoteIpAddress), out var token, out var retryAfter))
        {
            case PairingResult.Paired:
                context.Response.Cookies.Append(SessionCookie, token!, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Strict,
                    Path = "/",
                    MaxAge = _options.SessionLifetime,
                    Secure = request.IsHttps,
                });
                _logger.LogInformation("web panel: a browser paired from {Remote}", context.Connection.RemoteIpAddress);
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync("{\"ok\":true}", context.RequestAborted);
                return;
            case PairingResult.LockedOut:
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Reply(context, StatusCodes.Status429TooManyRequests, $"too many wrong PINs: try again in {Math.Ceiling(retryAfter.TotalSeconds)} s");
                return;
            default:
                _logger.LogWarning("web panel: wrong pairing PIN from {Remote}", context.Connection.RemoteIpAddress);
                await Reply(context, StatusCodes.Status403Forbidden, "wrong PIN");
                return;
        }
    }

    /// <summary>
    /// POST /api/sound?name=NAME&amp;file=FILE.wav with the WAV as the body: the same import as 'nsynthbox import',
    /// for a paired page only, one at a time, the body limited to <see cref="WebPanelOptions.MaxUploadBytes"/>.
    /// </summary>
    private async Task HandleSoundUploadAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            context.Response.Headers.Allow = "POST";
            await Reply(context, StatusCodes.Status405MethodNotAllowed, "POST the WAV file as the body to /api/sound?name=NAME&file=FILE.wav");
            return;
        }
        if (!IsSameOrigin(request))
        {
            await Reply(context, StatusCodes.Status403Forbidden, "uploads are only accepted from the panel's own page");
            return;
        }
        if (!CanWrite(request))
        {
            await Reply(context, StatusCodes.Status403Forbidden, "read-only: enter the PIN shown on the box to import sounds");
            return;
        }
        if (!_backend.CanImportSounds)
        {
            await Reply(context, StatusCodes.Status404NotFound, "this box does not import sounds");
            return;
        }
        var limit = _options.MaxUploadBytes;
        var tooBig = $"the file is larger than {limit / (1024.0 * 1024.0):0.#} MiB: trim the recording to one note of at most 12 s";
        if (request.ContentLength > limit)
        {
            await Reply(context, StatusCodes.Status413PayloadTooLarge, tooBig);
            return;
        }
        var sizeFeature = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = limit + 1L;
        // One upload at a time, taken before the body is read: parallel uploads would each hold up to the size limit in memory.
        if (!await _importGate.WaitAsync(0, context.RequestAborted))
        {
            await Reply(context, StatusCodes.Status409Conflict, "another sound is being imported: try again when it is done");
            return;
        }
        try
        {
            await ReceiveAndImportAsync(context, limit, tooBig);
        }
        finally
        {
            _importGate.Release();
        }
    }

    private async Task ReceiveAndImportAsync(HttpContext context, int limit, string tooBig)
    {
        var request = context.Request;
        var fileName = Path.GetFileName(request.Query["file"].ToString());
        if (fileName.Length == 0) fileName = "upload.wav";
        var name = request.Query["name"].ToString();
        if (name.Trim().Length == 0) name = Path.GetFileNameWithoutExtension(fileName);
        byte[] bytes;
        try
        {
            // Sized from Content-Length (checked against the limit above) so the body is held once, not in doubling copies.
            using var body = new MemoryStream((int)(request.ContentLength ?? 0));
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await request.Body.ReadAsync(buffer, context.RequestAborted)) > 0)
            {
                if (body.Length + read > limit)
                {
                    await Reply(context, StatusCodes.Status413PayloadTooLarge, tooBig);
                    return;
                }
                body.Write(buffer, 0, read);
            }
            bytes = body.Length == body.Capacity ? body.GetBuffer() : body.ToArray();
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            await Reply(context, StatusCodes.Status413PayloadTooLarge, tooBig);
            return;
        }
        // Checking and encoding take seconds of CPU: not on the server's request thread.
        var result = await Task.Run(() => _backend.ImportSound(new SoundUpload(fileName, name, bytes), _stopping.Token), CancellationToken.None);
        if (!result.Imported)
        {
            await Reply(context, StatusCodes.Status422UnprocessableEntity, result.Message);
            return;
        }
        _logger.LogInformation("web panel: {Message}", result.Message);
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { ok = true, message = result.Message, warnings = result.Warnings }), context.RequestAborted);
    }

    private async Task HandleWebSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Reply(context, StatusCodes.Status400BadRequest, "expected a WebSocket upgrade");
            return;
        }
        if (!IsSameOrigin(context.Request))
        {
            await Reply(context, StatusCodes.Status403Forbidden, "the socket is only open to the panel's own page");
            return;
        }
        var canWrite = CanWrite(context.Request);
        // Read-only (unpaired) pages get at most half the slots: a LAN client without the PIN cannot keep the performer out.
        var readOnlyLimit = PinRequired ? Math.Max(1, _options.MaxClients / 2) : _options.MaxClients;
        if (_hub.Count >= _options.MaxClients || !canWrite && _hub.ReadOnlyCount >= readOnlyLimit)
        {
            await Reply(context, StatusCodes.Status503ServiceUnavailable,
                canWrite ? $"{_options.MaxClients} pages are connected already" : $"{readOnlyLimit} read-only pages are connected already: enter the PIN to get a paired page's slot");
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var client = new PanelClient(socket, canWrite, _options.MaxMessagesPerSecond);
        _hub.Add(client, snapshot => PanelJson.Hello(_backend, _map, _options, canWrite, PinRequired, snapshot, _backend.GetSettings()));
        var sender = client.RunSenderAsync(context.RequestAborted);
        // Stopping sends "going away" through the sender; the page answers with its close frame,
        // which ends the receive loop (cancelling a receive would abort the socket without a word).
        using var stopping = _stopping.Token.Register(() => client.Close(WebSocketCloseStatus.EndpointUnavailable, "the box is stopping"));
        try
        {
            await ReceiveLoopAsync(socket, client, context.RequestAborted);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The page went away.
        }
        finally
        {
            _hub.Remove(client);
            foreach (var (channel, note) in client.HeldNotes) _backend.Post(ControlEvent.NoteOff(note, channel));
            client.Close(WebSocketCloseStatus.NormalClosure, "");
            await sender;
        }
    }

    private async Task ReceiveLoopAsync(WebSocket socket, PanelClient client, CancellationToken cancellationToken)
    {
        var buffer = new byte[_options.MaxMessageBytes];
        while ((socket.State is WebSocketState.Open or WebSocketState.CloseSent) && !client.Overflowed)
        {
            var count = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                if (count == buffer.Length)
                {
                    client.Send(PanelJson.Error($"message larger than {buffer.Length} bytes", null, "tooBig"));
                    client.Close(WebSocketCloseStatus.MessageTooBig, $"messages are limited to {buffer.Length} bytes");
                    return;
                }
                result = await socket.ReceiveAsync(buffer.AsMemory(count), cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close) return;
                count += result.Count;
            }
            while (!result.EndOfMessage);

            if (result.MessageType == WebSocketMessageType.Binary)
            {
                client.Send(PanelJson.Error("binary messages are not accepted: send JSON text", null));
                continue;
            }
            var shared = client.CanWrite ? _pairedPagesBudget : _readOnlyPagesBudget;
            if (!client.TryTakeMessageBudget() || !shared.TryTake())
            {
                if (!client.RateErrorSentRecently())
                    client.Send(PanelJson.Error($"more than {_options.MaxMessagesPerSecond} messages a second (or all {(client.CanWrite ? "" : "read-only ")}pages together more than {shared.PerSecond}): messages dropped", null, "rate"));
                continue;
            }
            try
            {
                Handle(client, buffer.AsMemory(0, count));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A fault behind the panel (settings file, backend) is the box's problem, not the page's: log, answer, go on.
                _logger.LogWarning(e, "web panel: handling a page's message failed");
                client.Send(PanelJson.Error($"the box could not do that: {e.Message}", null, "internal"));
            }
        }
    }

    private void Handle(PanelClient client, ReadOnlyMemory<byte> message)
    {
        var request = _parser.Parse(message, _backend.GetSettings());
        switch (request)
        {
            case InvalidRequest invalid:
                client.Send(PanelJson.Error(invalid.Error, invalid.Id));
                return;
            case PingRequest ping:
                client.Send(PanelJson.Pong(ping.Id));
                return;
            case IgnoredRequest:
                return;
            case ControlRequest or SettingsRequest when !client.CanWrite:
                client.Send(PanelJson.Error("read-only: enter the PIN shown on the box to change anything", request.Id, "locked"));
                return;
            case ControlRequest control:
                Track(client, control.Event);
                _backend.Post(control.Event);
                return;
            case SettingsRequest settings:
                HandleSettings(client, settings);
                return;
        }
    }

    private static void Track(PanelClient client, in ControlEvent e)
    {
        if (e.Kind == ControlKind.NoteOn && e.Value > 0) client.HeldNotes.Add((e.Channel, e.Index));
        else if (e.Kind is ControlKind.NoteOn or ControlKind.NoteOff) client.HeldNotes.Remove((e.Channel, e.Index));
        else if (e.Kind == ControlKind.AllNotesOff) client.HeldNotes.Clear();
    }

    private void HandleSettings(PanelClient client, SettingsRequest request)
    {
        var errors = new Dictionary<string, string>(request.FieldErrors);
        lock (_settingsGate) // one save at a time; validation reads the model package from disk
        {
            if (errors.Count == 0 && request.Save)
            {
                var result = _backend.SaveSettings(request.Settings);
                client.Send(PanelJson.SettingsResult(true, result.Saved, result.Errors, result.Message, request.Id));
                if (result.Saved)
                {
                    _logger.LogInformation("web panel: settings saved ({Message})", result.Message);
                    _hub.Broadcast(PanelJson.Settings(_backend.GetSettings()));
                }
                return;
            }
            foreach (var (field, error) in _backend.ValidateSettings(request.Settings)) errors.TryAdd(field, error);
        }
        var message = errors.Count == 0 ? "all fields are valid" : request.Save ? SettingsSaveResult.Failed(errors).Message : $"{errors.Count} field(s) need fixing";
        client.Send(PanelJson.SettingsResult(request.Save, errors.Count == 0, errors, message, request.Id));
    }

    private sealed class NoSignalsLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
