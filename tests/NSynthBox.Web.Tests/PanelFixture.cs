using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using NSynthBox.Engine.Import;
using Microsoft.Playwright;
using NSynthBox.Engine;
using NSynthBox.Neural;
using NSynthBox.Tests.Shared;

namespace NSynthBox.Web.Tests;

/// <summary>
/// One real engine (the committed model, played in real time), the web panel in-process on a
/// free loopback port, and one headless Chromium driven by Playwright, shared by the browser tests.
/// </summary>
public sealed class PanelFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    private PacedAudio? _audio;
    private IPlaywright? _playwright;

    public ModelPackage Model { get; } = ModelPackage.Load(RepoPaths.Model);
    public SynthEngine Engine { get; private set; } = null!;
    public WebPanel Panel { get; private set; } = null!;
    public EngineWebPanelBackend Backend { get; private set; } = null!;
    public WarningRingLoggerProvider Warnings { get; } = new(capacity: 20);
    public ILoggerFactory LoggerFactory { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public string Folder { get; } = Directory.CreateTempSubdirectory("nsynthbox-web-tests-").FullName;
    public string SettingsPath => Path.Combine(Folder, "settings.json");
    public long Underruns { get; set; }

    public int Instrument(string name) => Model.FindInstrument(name).Index;

    /// <summary>Uploads the panel passed on, in order.</summary>
    public ConcurrentQueue<SoundUpload> Uploads { get; } = new();

    /// <summary>
    /// The box's import as far as the web tests need it: the real recording checks (so a bad file gets
    /// the real message), no encoder and no library (those are tested with the CLI and the library).
    /// </summary>
    private SoundUploadResult ImportSound(SoundUpload upload, CancellationToken cancellationToken)
    {
        Uploads.Enqueue(upload);
        var path = Path.Combine(Folder, Path.GetFileName(upload.FileName));
        File.WriteAllBytes(path, upload.Bytes);
        try
        {
            var recording = new RecordingChecker(Model.SampleRate).Check(path);
            return new SoundUploadResult(true, $"imported '{upload.Name}': pitch {NoteName.Describe(recording.PitchHz)}", recording.Warnings);
        }
        catch (SoundImportException e)
        {
            return SoundUploadResult.Refused(e.Message.Replace(path, upload.FileName, StringComparison.Ordinal));
        }
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} not found: the browser tests need Debian's Chromium (apt-get install -y chromium)");
        LoggerFactory = Microsoft.Extensions.Logging.LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddProvider(Warnings));
        Engine = new SynthEngine(Model, new EngineSettings { Polyphony = 8 });
        _audio = new PacedAudio(Engine);
        Backend = new EngineWebPanelBackend(Engine, new JsonSettingsStore(SettingsPath), Warnings, underruns: () => Underruns, importSound: ImportSound);
        Panel = await WebPanel.StartAsync(new WebPanelOptions { Port = 0 }, Backend, LoggerFactory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh page (own context, so cookies do not leak between tests) showing the panel, connected.</summary>
    public async Task<IPage> OpenAsync(Uri? address = null, bool touch = false, int width = 1280, int height = 900, bool waitForWrite = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            HasTouch = touch,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(10_000);
        await page.GotoAsync((address ?? Panel.Address).ToString());
        await page.WaitForSelectorAsync("#map-points .inst"); // the hello message has arrived and the page is built
        if (waitForWrite) await page.WaitForSelectorAsync("body:not(.readonly):not(.connecting)");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Panel is not null) await Panel.DisposeAsync();
        _audio?.Dispose();
        Engine?.Dispose();
        LoggerFactory?.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PanelCollection : ICollectionFixture<PanelFixture>
{
    public const string Name = "web panel";
}
