using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NSynthBox.Engine;
using NSynthBox.Hardware;
using NSynthBox.Neural;
using NSynthBox.Platform.Control;

namespace NSynthBox;

/// <summary>
/// The real panel (Panel:Mode = hardware): the <see cref="PanelPoller"/> on its own thread posting to
/// the hub, and the OLED redrawn at 20 Hz from the <see cref="PanelScreen"/>, which follows every
/// event from every input. Missing chips are logged and shown, and the rest of the box keeps playing.
/// </summary>
internal sealed class HardwarePanel : IDisposable
{
    private readonly PanelPoller _poller;
    private readonly PanelScreen _screen;
    private readonly OledDisplay? _display;
    private readonly ILogger _log;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Thread? _drawThread;
    private volatile bool _stopping;

    private HardwarePanel(PanelConfig config, PanelPoller poller, PanelScreen screen, OledDisplay? display, ILogger log)
    {
        Config = config;
        _poller = poller;
        _screen = screen;
        _display = display;
        _log = log;
        if (display is not null)
        {
            _drawThread = new Thread(Draw) { IsBackground = true, Name = "nsynthbox-oled" };
            _drawThread.Start();
        }
    }

    /// <param name="buses">The chips' buses for a pin map config (tests pass fakes); null = the board's real buses.</param>
    public static HardwarePanel? Start(BoxConfig config, ModelPackage model, ControlHub hub, ILogger log, Func<PanelConfig, IBusFactory>? buses = null)
    {
        var panelConfig = config.Panel.Resolve();
        if (panelConfig is null)
        {
            log.LogError("panel: this board is not recognised from /proc/device-tree/model; set Panel:Board ({Boards}); running without the panel",
                string.Join(", ", PanelConfig.BoardNames()));
            return null;
        }
        var board = panelConfig.Board;
        IBusFactory bus = buses?.Invoke(panelConfig) ?? new LinuxBusFactory(panelConfig);
        var screen = new PanelScreen([.. model.Instruments.Select(i => i.Name)]);
        var clock = Stopwatch.StartNew();
        PanelCalibration? calibration = null;
        try
        {
            calibration = PanelCalibration.TryLoad(config.State.CalibrationPath);
        }
        catch (InvalidDataException e)
        {
            log.LogWarning("panel: {Error}", e.Message);
        }
        if (calibration is null) log.LogInformation("panel: no calibration in {Path} (the knobs use the ADC's full range; 'sudo nsynthbox calibrate' records them)", config.State.CalibrationPath);
        // The at-rest check (nsynthbox selftest --at-rest): a wiring fault is in the journal with the wire to check.
        var atRest = SelfTest.Run(panelConfig, bus, new SelfTestOptions { Calibration = calibration });
        foreach (var line in atRest.Lines.Where(l => l.Status != SelfTestStatus.Ok)) log.LogWarning("panel self-test: {Line}", line.ToString());
        log.LogInformation("panel self-test at start: {Failures} problem(s), {Warnings} warning(s)", atRest.Failures, atRest.Warnings);
        var poller = PanelPoller.Create(panelConfig, bus, model.Instruments.Count, e => hub.Post(e, ControlSource.Panel),
            fault =>
            {
                if (fault.Recovered)
                {
                    log.LogInformation("panel: {Device}: {Message}", fault.Device, fault.Message);
                    screen.ClearMessage();
                }
                else
                {
                    log.LogWarning("panel: {Device}: {Message}", fault.Device, fault.Message);
                    screen.ShowMessage(fault.Message);
                }
            },
            calibration, new PanelPollerOptions { InitialInstruments = hub.State.Corners });
        hub.AddListener((e, source) =>
        {
            screen.Handle(e, clock.Elapsed);
            // Corners changed elsewhere (patch, MIDI, web): keep the encoders in step.
            if (e.Kind == ControlKind.Corner && source != ControlSource.Panel) poller.SetCornerInstrument(e.Index, (int)e.Value);
        });
        poller.Start();

        OledDisplay? display = null;
        try
        {
            display = OledDisplay.Open(panelConfig, bus);
            display?.Initialize();
        }
        catch (IOException e)
        {
            log.LogWarning("panel: OLED not available ({Error}); playing without it", e.Message);
            display = null;
        }
        log.LogInformation("panel: {Board} hardware panel{Display}", board, display is null ? "" : $", {display.Name}");
        return new HardwarePanel(panelConfig, poller, screen, display, log);
    }

    /// <summary>The wiring and parts the panel runs with.</summary>
    public PanelConfig Config { get; }

    /// <summary>The OLED it draws on, if one answered.</summary>
    public string? DisplayName => _display?.Name;

    private void Draw()
    {
        var frame = new MonoFramebuffer();
        var failing = false;
        while (!_stopping)
        {
            try
            {
                _screen.Render(frame, _clock.Elapsed);
                if (failing) _display!.Initialize();
                _display!.Flush(frame);
                if (failing) _log.LogInformation("panel: OLED is back");
                failing = false;
            }
            catch (IOException e)
            {
                if (!failing) _log.LogWarning("panel: OLED stopped answering ({Error}); retrying", e.Message);
                failing = true;
                Thread.Sleep(2000);
            }
            Thread.Sleep(50);
        }
    }

    /// <summary>The web panel's pairing PIN, shown until the next message replaces it.</summary>
    public void ShowPin(string pin) => _screen.ShowMessage($"PIN {pin}", "Web panel");

    public void Dispose()
    {
        _stopping = true;
        _drawThread?.Join(TimeSpan.FromSeconds(3));
        _poller.Dispose();
    }
}
