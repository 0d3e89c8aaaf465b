using System.Device.Gpio;
using System.Device.I2c;
using System.Globalization;

namespace NSynthBox.Hardware;

/// <summary>
/// The panel's self-test (<c>nsynthbox selftest</c>): probes each chip on its bus, reads every
/// electrode, knob and encoder once, and says in plain words which wire to check, naming header
/// pins from the pin map. Nobody should touch the panel while it runs.
/// </summary>
public static class SelfTest
{
    public static SelfTestReport Run(PanelConfig config, IBusFactory buses, SelfTestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(buses);
        options ??= new SelfTestOptions();
        var lines = new List<SelfTestLine>();
        var run = new Runner(config, buses, options, lines);
        OledDisplay? display = run.Display();
        run.Touch();
        run.Knobs();
        run.Encoders();
        if (display is not null)
        {
            run.ShowResult(display);
        }

        run.Dispose();
        return new SelfTestReport(config.Board, lines);
    }

    private sealed class Runner(PanelConfig config, IBusFactory buses, SelfTestOptions options, List<SelfTestLine> lines) : IDisposable
    {
        /// <summary>Counts a grounded MCP3008 input may read (a few counts of noise at most).</summary>
        private const int GroundedChannelNoise = 4;

        private readonly List<IDisposable> _open = [];
        private bool _i2cMissing;

        public void Dispose()
        {
            foreach (IDisposable d in _open)
            {
                d.Dispose();
            }
        }

        public OledDisplay? Display()
        {
            if (config.Display == DisplayKind.None)
            {
                return null;
            }

            string part = config.Display == DisplayKind.Sh1106 ? "SH1106" : "SSD1306";
            I2cDevice? device = OpenI2c(config.DisplayAddress);
            if (device is null)
            {
                return null;
            }

            OledDisplay display = config.Display == DisplayKind.Sh1106 ? new Sh1106(device) : new Ssd1306(device);
            try
            {
                display.Ping();
                display.Initialize();
                var frame = new MonoFramebuffer();
                MessageView.Render(frame, "Self-test", "Testing the panel: hands off the touch pad and knobs.");
                display.Flush(frame);
                Ok($"{part} OLED at {Hex.Address(config.DisplayAddress)} answered on I2C bus {config.I2cBus}");
                return display;
            }
            catch (IOException)
            {
                Fail(WiringAdvice.I2cNoAnswer(config, part + " OLED", config.DisplayAddress));
                return null;
            }
        }

        public void ShowResult(OledDisplay display)
        {
            int failures = lines.Count(l => l.Status == SelfTestStatus.Fail);
            var frame = new MonoFramebuffer();
            string first = lines.FirstOrDefault(l => l.Status == SelfTestStatus.Fail)?.Text ?? "";
            MessageView.Render(frame, failures == 0 ? "Self-test passed" : $"Self-test: {failures} problem{(failures == 1 ? "" : "s")}",
                failures == 0 ? "All chips answered. Details in the terminal." : first);
            try
            {
                display.Flush(frame);
            }
            catch (IOException)
            {
                // The display vanished during the test; the report says enough.
            }
        }

        public void Touch()
        {
            switch (config.TouchSensor)
            {
                case TouchSensorKind.Mpr121:
                    Mpr121Grid();
                    break;
                case TouchSensorKind.TrillSquare:
                    Trill();
                    break;
            }
        }

        private void Mpr121Grid()
        {
            I2cDevice? device = OpenI2c(config.Mpr121Address);
            if (device is null)
            {
                return;
            }

            var mpr = new Mpr121(device);
            try
            {
                mpr.Initialize();
            }
            catch (ChipException e)
            {
                Fail(e.Message);
                return;
            }
            catch (IOException)
            {
                Fail(WiringAdvice.I2cNoAnswer(config, "MPR121", config.Mpr121Address));
                return;
            }

            Ok($"MPR121 at {Hex.Address(config.Mpr121Address)} answered on I2C bus {config.I2cBus} (CONFIG2 = {Hex.Byte(Mpr121.Config2ResetValue)} after reset)");
            Thread.Sleep(options.TouchSettleTime);

            Span<ushort> filtered = stackalloc ushort[Mpr121.ElectrodeCount];
            Span<ushort> baselines = stackalloc ushort[Mpr121.ElectrodeCount];
            ushort outOfRange;
            try
            {
                mpr.ReadSignals(filtered, baselines);
                outOfRange = mpr.ReadOutOfRangeStatus();
            }
            catch (IOException e)
            {
                Fail(e is ChipException ? e.Message : $"MPR121 at {Hex.Address(config.Mpr121Address)} stopped answering while its electrodes were read: {WiringAdvice.I2cWires(config)}");
                return;
            }

            int good = 0;
            IReadOnlyList<int> calibrated = options.Calibration?.TouchBaselines ?? [];
            foreach (int e in config.RowElectrodes.Concat(config.ColumnElectrodes))
            {
                string strip = WiringAdvice.Strip(config, e);
                string check = $"check the wire from MPR121 ELE{e} to the {strip} copper strip";
                int signal = baselines[e] - filtered[e];
                if ((outOfRange & (1 << e)) != 0)
                {
                    Fail($"electrode {e} is out of range: {strip} copper strip not connected, or shorted to another strip or GND ({check})");
                }
                else if (filtered[e] == 0)
                {
                    Fail($"electrode {e} reads 0: {strip} copper strip not connected ({check})");
                }
                else if (filtered[e] >= Mpr121.MaxValue)
                {
                    Fail($"electrode {e} reads full scale: {strip} copper strip not connected ({check})");
                }
                else if (signal >= options.TouchedSignal)
                {
                    Warn($"electrode {e} ({strip}) reads as touched (signal {signal}): keep hands off the pad during the test; if nobody touches it, the {strip} strip touches its neighbour");
                }
                else if (e < calibrated.Count && calibrated[e] > 0 && Math.Abs(baselines[e] - calibrated[e]) > calibrated[e] / 4)
                {
                    Warn($"electrode {e} ({strip}) baseline is {baselines[e]}, it was {calibrated[e]} at calibration: if the pad was rebuilt, run nsynthbox calibrate again; if not, {check}");
                }
                else
                {
                    good++;
                }
            }

            if (good == config.RowElectrodes.Count + config.ColumnElectrodes.Count)
            {
                Ok($"touch grid: all {good} electrodes read normally ({Range(filtered)} counts)");
            }

            TouchIrq();
        }

        private void TouchIrq()
        {
            if (config.TouchIrq is not PinRef irq || irq.Line < 0)
            {
                return;
            }

            GpioController? gpio = OpenGpio(quiet: true);
            if (gpio is null)
            {
                return;
            }

            RotaryEncoder.OpenInput(gpio, irq.Line);
            if (gpio.Read(irq.Line) == PinValue.Low)
            {
                Warn($"touch IRQ {irq} stays low: the MPR121's IRQ output is stuck or {irq} is shorted to GND (the panel polls, so touch still works)");
            }

            gpio.ClosePin(irq.Line);
        }

        private void Trill()
        {
            I2cDevice? device = OpenI2c(config.TrillAddress);
            if (device is null)
            {
                return;
            }

            var trill = new TrillSquare(device);
            try
            {
                trill.Initialize();
                Ok($"Trill Square at {Hex.Address(config.TrillAddress)} answered on I2C bus {config.I2cBus} (firmware {trill.FirmwareVersion})");
            }
            catch (ChipException e)
            {
                Fail(e.Message);
            }
            catch (IOException)
            {
                Fail(WiringAdvice.I2cNoAnswer(config, "Trill Square", config.TrillAddress));
            }
        }

        public void Knobs()
        {
            if (config.KnobAdc == KnobAdcKind.Ads1115 && config.UnreadKnobs.Count > 0)
            {
                Warn($"{string.Join(" and ", config.UnreadKnobs.Select(k => k.Knob))} not read: {config.Ads1115Addresses.Count} ADS1115 has " +
                     $"{config.Ads1115Addresses.Count * Ads1115.InputCount} inputs; they stay at their defaults (the MCP3008 reads all six)");
            }

            if (config.KnobAdc == KnobAdcKind.None || config.Knobs.Count == 0)
            {
                return;
            }

            KnobAdcReader reader;
            try
            {
                reader = new KnobAdcReader(config, buses);
                _open.Add(reader);
            }
            catch (BusNotFoundException e)
            {
                Fail(e.Message);
                return;
            }

            if (config.KnobAdc == KnobAdcKind.Mcp3008 && !Mcp3008Answers(reader.Mcp3008!))
            {
                return;
            }

            var deadChips = new HashSet<int>();
            foreach (KnobInput knob in config.Knobs)
            {
                int chip = knob.Channel / Ads1115.InputCount;
                if (config.KnobAdc == KnobAdcKind.Ads1115 && deadChips.Contains(chip))
                {
                    continue;
                }

                int min = int.MaxValue, max = int.MinValue;
                try
                {
                    for (int s = 0; s < Math.Max(1, options.KnobSamples); s++)
                    {
                        int raw = reader.Read(knob);
                        min = Math.Min(min, raw);
                        max = Math.Max(max, raw);
                    }
                }
                catch (IOException e)
                {
                    if (config.KnobAdc == KnobAdcKind.Ads1115)
                    {
                        deadChips.Add(chip);
                        int address = config.Ads1115Addresses[chip];
                        string which = string.Join(", ", config.Knobs.Where(k => k.Channel / Ads1115.InputCount == chip).Select(k => k.Knob));
                        string addr = address == 0x49 ? " (its ADDR pin must go to VDD for 0x49)" : address == 0x48 ? " (its ADDR pin must go to GND for 0x48)" : "";
                        Fail($"{WiringAdvice.I2cNoAnswer(config, "ADS1115", address)}{addr}; it reads knobs {which}");
                    }
                    else
                    {
                        Fail(e.Message + ": " + WiringAdvice.SpiWires(config));
                    }

                    continue;
                }

                KnobReport(knob, min, max, reader.FullScale);
            }
        }

        private bool Mcp3008Answers(Mcp3008 adc)
        {
            var reads = new int[Mcp3008.ChannelCount];
            try
            {
                for (int ch = 0; ch < Mcp3008.ChannelCount; ch++)
                {
                    reads[ch] = adc.Read(ch);
                }
            }
            catch (ChipException e)
            {
                Fail($"{e.Message}: {WiringAdvice.SpiWires(config)}");
                return false;
            }

            if (reads.All(r => r == 0))
            {
                Fail($"{adc.Name} reads 0 on all 8 channels: it has no supply or reference, or MISO is stuck low (unless every knob is fully counter-clockwise): {WiringAdvice.SpiWires(config)}");
                return false;
            }

            bool grounded = true;
            foreach (int ch in config.Mcp3008GroundedChannels)
            {
                if (reads[ch] > GroundedChannelNoise)
                {
                    grounded = false;
                    Fail($"{adc.Name} CH{ch} reads {reads[ch]}, expected 0: chip pin {ch + 1} must go to GND (it proves the SPI wiring); " +
                         $"if it does, the chip's answers are garbled: {WiringAdvice.SpiWires(config)}");
                }
            }

            if (!grounded)
            {
                return false;
            }

            Ok(config.Mcp3008GroundedChannels.Count == 0
                ? $"{adc.Name} answered (all 8 channels read)"
                : $"{adc.Name} answered: {string.Join(" and ", config.Mcp3008GroundedChannels.Select(c => "CH" + c.ToString(CultureInfo.InvariantCulture)))} read 0 (tied to GND), so SPI and chip select are wired right");
            return true;
        }

        private void KnobReport(KnobInput knob, int min, int max, int fullScale)
        {
            string name = WiringAdvice.Knob(config, knob);
            string input = config.KnobAdc == KnobAdcKind.Ads1115 ? $"AIN{knob.Channel % Ads1115.InputCount}" : $"CH{knob.Channel}";
            int noise = Math.Max(8, fullScale / 40);
            if (max - min > noise)
            {
                Fail($"{name} jumps between {min} and {max} while nobody turns it: its wiper (middle leg) is not connected to {input}");
            }
            else if (max <= fullScale / 200)
            {
                Warn($"{name} reads 0: if it is not turned fully counter-clockwise, its wiper is not connected to {input} or its outer leg to 3V3 (pin {config.Supply3V3Pin}) is open");
            }
            else if (min >= fullScale - fullScale / 200)
            {
                Warn($"{name} reads full scale: if it is not turned fully clockwise, its outer leg to GND (pin {config.GroundPin}) is open");
            }
            else
            {
                Ok($"{name} reads {min} ({100.0 * min / fullScale:0}%)");
            }
        }

        public void Encoders()
        {
            if (config.Encoders.Count == 0)
            {
                return;
            }

            GpioController? gpio = OpenGpio(quiet: false);
            if (gpio is null)
            {
                return;
            }

            bool pullUps = true;
            foreach (EncoderPins enc in config.Encoders)
            {
                int problems = 0;
                foreach ((string input, PinRef pin) in new[] { ("A", enc.A), ("B", enc.B), ("push", enc.Push) })
                {
                    pullUps &= RotaryEncoder.OpenInput(gpio, pin.Line);
                    if (gpio.Read(pin.Line) == PinValue.High)
                    {
                        continue;
                    }

                    problems++;
                    Fail(input == "push"
                        ? $"encoder {enc.Corner + 1} push switch reads pressed: if you are not pressing it, {pin} is shorted to GND or wired to the encoder's common leg ({enc.Reference}, {enc.CornerName})"
                        : $"encoder {enc.Corner + 1} {input} input stuck low: check {pin} goes only to the {input} leg of {enc.Reference} ({enc.CornerName}); the middle leg goes to GND");
                }

                if (problems == 0)
                {
                    Ok($"{WiringAdvice.Encoder(enc)}: A, B and push read high at rest");
                }
            }

            if (!pullUps)
            {
                Warn("this board's GPIO driver cannot switch on pull-ups: fit a 10 kOhm resistor from every encoder and push input to 3V3 (pin " +
                     config.Supply3V3Pin.ToString(CultureInfo.InvariantCulture) + ")");
            }

            Ok("a disconnected encoder also reads high at rest: turn and press each one with the panel running to check it fully");
        }

        private I2cDevice? OpenI2c(int address)
        {
            if (_i2cMissing)
            {
                return null;
            }

            try
            {
                I2cDevice device = buses.OpenI2c(config.I2cBus, address);
                _open.Add(device);
                return device;
            }
            catch (BusNotFoundException e)
            {
                _i2cMissing = true;
                Fail(e.Message);
                return null;
            }
        }

        private GpioController? _gpio;
        private bool _gpioFailed;

        private GpioController? OpenGpio(bool quiet)
        {
            if (_gpio is not null || _gpioFailed)
            {
                return _gpio;
            }

            try
            {
                _gpio = buses.OpenGpio();
                _open.Add(_gpio);
                return _gpio;
            }
            catch (BusNotFoundException e)
            {
                if (!quiet)
                {
                    _gpioFailed = true;
                    Fail(e.Message);
                }

                return null;
            }
        }

        private static string Range(ReadOnlySpan<ushort> values)
        {
            int min = int.MaxValue, max = int.MinValue;
            foreach (ushort v in values)
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            return $"{min}..{max}";
        }

        private void Ok(string text) => lines.Add(new SelfTestLine(SelfTestStatus.Ok, text));

        private void Warn(string text) => lines.Add(new SelfTestLine(SelfTestStatus.Warning, text));

        private void Fail(string text) => lines.Add(new SelfTestLine(SelfTestStatus.Fail, text));
    }
}
