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

    private HardwarePanel(PanelPoller poller, PanelScreen screen, OledDisplay? display, ILogger log)
    {
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

    public static HardwarePanel? Start(PanelSection config, ModelPackage model, ControlHub hub, ILogger log)
    {
        var board = config.Board == "auto" ? PanelConfig.DetectBoard() : config.Board;
        if (board is null)
        {
            log.LogError("panel: this board is not recognised from /proc/device-tree/model; set Panel:Board ({Boards}); running without the panel",
                string.Join(", ", PanelConfig.BoardNames()));
            return null;
        }
        var panelConfig = PanelConfig.Default(board);
        var buses = new LinuxBusFactory(panelConfig);
        var screen = new PanelScreen([.. model.Instruments.Select(i => i.Name)]);
        var clock = Stopwatch.StartNew();
        PanelCalibration? calibration = null;
        try
        {
            calibration = PanelCalibration.TryLoad(PanelCalibration.DefaultPath);
        }
        catch (InvalidDataException e)
        {
            log.LogWarning("panel: {Error}", e.Message);
        }
        var poller = PanelPoller.Create(panelConfig, buses, model.Instruments.Count, e => hub.Post(e, ControlSource.Panel),
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
            display = OledDisplay.Open(panelConfig, buses);
            display?.Initialize();
        }
        catch (IOException e)
        {
            log.LogWarning("panel: OLED not available ({Error}); playing without it", e.Message);
            display = null;
        }
        log.LogInformation("panel: {Board} hardware panel{Display}", board, display is null ? "" : $", {display.Name}");
        return new HardwarePanel(poller, screen, display, log);
    }

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
