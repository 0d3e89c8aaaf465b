using System.Device.Gpio;
using System.Device.I2c;
using System.Globalization;

namespace NSynthBox.Hardware;

/// <summary>Timing of the guided self-test's steps.</summary>
public sealed record GuidedSelfTestOptions
{
    /// <summary>How long a step waits for the maker's move before it names the wire to check.</summary>
    public TimeSpan StepTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Between reads of the chips; an EC11 changes state every few ms when turned quickly.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Wait after resetting the MPR121 so its baselines settle.</summary>
    public TimeSpan TouchSettleTime { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Signal (baseline - filtered) above which an electrode counts as touched.</summary>
    public int TouchedSignal { get; init; } = 10;
}

/// <summary>
/// The interactive part of <c>nsynthbox selftest</c> (BUILD.md section 10): the OLED shows a test
/// pattern the maker confirms, then each knob is turned end to end, each encoder one click each
/// way and pressed, and each row and column of the grid touched. A step passes only when the
/// expected change is seen on the expected input; otherwise it says which wire or pin to check
/// (a wiper on another channel, A and B swapped, a strip that never responds). Run the at-rest
/// check (<see cref="SelfTest"/>) first: it proves the chips answer.
/// </summary>
public static class GuidedSelfTest
{
    public static IReadOnlyList<SelfTestLine> Run(PanelConfig config, IBusFactory buses, ISelfTestGuide guide, GuidedSelfTestOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(buses);
        ArgumentNullException.ThrowIfNull(guide);
        var walk = new Walk(config, buses, guide, options ?? new GuidedSelfTestOptions());
        try
        {
            walk.Oled();
            walk.Knobs();
            walk.Encoders();
            walk.TouchGrid();
        }
        finally
        {
            walk.Dispose();
        }

        return walk.Lines;
    }

    private sealed class Walk(PanelConfig config, IBusFactory buses, ISelfTestGuide guide, GuidedSelfTestOptions options) : IDisposable
    {
        private readonly List<IDisposable> _open = [];
        private OledDisplay? _display;

        public List<SelfTestLine> Lines { get; } = [];

        public void Dispose()
        {
            foreach (IDisposable d in _open)
            {
                d.Dispose();
            }
        }

        public void Oled()
        {
            if (config.Display == DisplayKind.None)
            {
                return;
            }

            string part = config.Display == DisplayKind.Sh1106 ? "SH1106" : "SSD1306";
            try
            {
                I2cDevice device = Own(buses.OpenI2c(config.I2cBus, config.DisplayAddress));
                _display = config.Display == DisplayKind.Sh1106 ? new Sh1106(device) : new Ssd1306(device);
                _display.Initialize();
                var frame = new MonoFramebuffer();
                TestPattern(frame);
                _display.Flush(frame);
            }
            catch (IOException)
            {
                _display = null;
                Fail($"{part} OLED: {WiringAdvice.I2cNoAnswer(config, part + " OLED", config.DisplayAddress)}");
                return;
            }

            guide.Instruct("OLED", "The OLED shows a frame with a checkerboard in its middle.");
            if (guide.Ask("Do you see the frame and the checkerboard on the OLED?"))
            {
                Ok($"{part} OLED shows the test pattern");
            }
            else
            {
                Fail(config.Display == DisplayKind.Ssd1306
                    ? "OLED shows no test pattern: a 1.3 in module is usually an SH1106 (set Panel:Display to sh1106); otherwise check its VCC/GND/SCL/SDA by the module's silkscreen"
                    : "OLED shows no test pattern: check its VCC/GND/SCL/SDA by the module's silkscreen; a 0.96 in module is usually an SSD1306 (set Panel:Display to ssd1306)");
            }
        }

        public void Knobs()
        {
            if (config.KnobAdc == KnobAdcKind.None || config.Knobs.Count == 0)
            {
                return;
            }

            KnobAdcReader reader;
            try
            {
                reader = Own(new KnobAdcReader(config, buses));
            }
            catch (IOException e)
            {
                Fail(e.Message);
                return;
            }

            int full = reader.FullScale;
            int low = full / 20, high = full - full / 20;
            foreach (KnobInput knob in config.Knobs)
            {
                string name = WiringAdvice.Knob(config, knob);
                Instruct($"Knob {knob.Knob}", $"Turn {name} fully counter-clockwise, then fully clockwise.");
                var min = Enumerable.Repeat(int.MaxValue, config.Knobs.Count).ToArray();
                var max = Enumerable.Repeat(int.MinValue, config.Knobs.Count).ToArray();
                int k = IndexOf(knob);
                long lowAt = -1, highAt = -1, poll = 0;
                bool passed = Until(() =>
                {
                    poll++;
                    for (int i = 0; i < config.Knobs.Count; i++)
                    {
                        int raw = reader.Read(config.Knobs[i]);
                        min[i] = Math.Min(min[i], raw);
                        max[i] = Math.Max(max[i], raw);
                        if (i == k && raw <= low && lowAt < 0)
                        {
                            lowAt = poll;
                        }

                        if (i == k && raw >= high && highAt < 0)
                        {
                            highAt = poll;
                        }
                    }

                    return lowAt >= 0 && highAt >= 0;
                }, out string? error);
                if (error is not null)
                {
                    Fail($"{name}: {error}");
                    continue;
                }

                if (passed && highAt < lowAt)
                {
                    Warn($"{name} went to full scale first: if you turned it counter-clockwise first, its outer legs are swapped (pin 1 to GND, pin 3 to 3V3)");
                }
                else if (passed)
                {
                    Ok($"{name} turned end to end ({min[k]}..{max[k]})");
                }
                else
                {
                    Fail(KnobFault(knob, name, min, max, full));
                }
            }
        }

        private string KnobFault(KnobInput knob, string name, int[] min, int[] max, int full)
        {
            int k = IndexOf(knob);
            string input = config.KnobAdc == KnobAdcKind.Ads1115 ? $"AIN{knob.Channel % Ads1115.InputCount}" : $"CH{knob.Channel}";
            int span = max[k] - min[k];
            if (span < full / 10)
            {
                int other = Enumerable.Range(0, config.Knobs.Count).Where(i => i != k && max[i] - min[i] >= full / 2)
                    .OrderByDescending(i => max[i] - min[i]).DefaultIfEmpty(-1).First();
                return other >= 0
                    ? $"{name} did not move, but {WiringAdvice.Knob(config, config.Knobs[other])} did: if you turned {knob.Knob}, the wipers of {knob.Knob} and {config.Knobs[other].Knob} are swapped"
                    : $"{name} did not move (read {min[k]}..{max[k]}): check its wiper (middle leg) to {input}, and its outer legs to 3V3 (pin {config.Supply3V3Pin}) and GND (pin {config.GroundPin})";
            }

            return max[k] < full - full / 20
                ? $"{name} reached only {100.0 * max[k] / full:0}% at the clockwise end: its outer leg to 3V3 (pin {config.Supply3V3Pin}) is open or badly soldered"
                : $"{name} came down only to {100.0 * min[k] / full:0}% at the counter-clockwise end: its outer leg to GND (pin {config.GroundPin}) is open or badly soldered";
        }

        public void Encoders()
        {
            if (config.Encoders.Count == 0)
            {
                return;
            }

            GpioController gpio;
            try
            {
                gpio = Own(buses.OpenGpio());
            }
            catch (IOException e)
            {
                Fail(e.Message);
                return;
            }

            foreach (EncoderPins enc in config.Encoders)
            {
                string name = WiringAdvice.Encoder(enc);
                var encoder = new RotaryEncoder(gpio, enc.A.Line, enc.B.Line, config.EncoderTransitionsPerDetent) { Reverse = config.ReverseEncoders };
                Turn(gpio, encoder, enc, name, +1);
                Turn(gpio, encoder, enc, name, -1);

                RotaryEncoder.OpenInput(gpio, enc.Push.Line);
                Instruct($"Encoder {enc.Corner + 1}", $"Press {name} and let go.");
                if (Until(() => gpio.Read(enc.Push.Line) == PinValue.Low, out string? error))
                {
                    Ok($"{name} press seen on {enc.Push}");
                }
                else
                {
                    Fail(error ?? $"{name} press never seen: check {enc.Push} goes to one switch pin of {enc.Reference} and the other switch pin to GND (the switch pins are the pair opposite A/C/B)");
                }

                gpio.ClosePin(enc.A.Line);
                gpio.ClosePin(enc.B.Line);
                gpio.ClosePin(enc.Push.Line);
            }
        }

        private void Turn(GpioController gpio, RotaryEncoder encoder, EncoderPins enc, string name, int direction)
        {
            string way = direction > 0 ? "clockwise" : "counter-clockwise";
            Instruct($"Encoder {enc.Corner + 1}", $"Turn {name} one click {way}.");
            int detents = 0;
            bool aMoved = false, bMoved = false;
            PinValue a0 = gpio.Read(enc.A.Line), b0 = gpio.Read(enc.B.Line);
            bool done = Until(() =>
            {
                detents += encoder.Poll();
                aMoved |= gpio.Read(enc.A.Line) != a0;
                bMoved |= gpio.Read(enc.B.Line) != b0;
                return detents != 0;
            }, out string? error);
            if (error is not null)
            {
                Fail($"{name}: {error}");
            }
            else if (done && Math.Sign(detents) == direction)
            {
                Ok($"{name} counted one click {way}");
            }
            else if (done)
            {
                Fail($"{name} counted {(detents > 0 ? "clockwise" : "counter-clockwise")} when turned {way}: A and B are swapped (swap the wires on {enc.A} and {enc.B})");
            }
            else if (!aMoved && !bMoved)
            {
                Fail($"{name} did not change A ({enc.A}) or B ({enc.B}): check the middle leg (C) goes to GND and A and B to those pins");
            }
            else
            {
                Fail($"{name}: only {(aMoved ? "A" : "B")} changed: check the wire from {(aMoved ? enc.B : enc.A)} to the encoder's {(aMoved ? "B" : "A")} leg");
            }
        }

        public void TouchGrid()
        {
            if (config.TouchSensor != TouchSensorKind.Mpr121)
            {
                return;
            }

            Mpr121 mpr;
            try
            {
                mpr = new Mpr121(Own(buses.OpenI2c(config.I2cBus, config.Mpr121Address)));
                mpr.Initialize();
            }
            catch (IOException e)
            {
                Fail(e is ChipException or BusNotFoundException ? e.Message : WiringAdvice.I2cNoAnswer(config, "MPR121", config.Mpr121Address));
                return;
            }

            Thread.Sleep(options.TouchSettleTime);
            var filtered = new ushort[Mpr121.ElectrodeCount];
            var baselines = new ushort[Mpr121.ElectrodeCount];
            foreach (int e in config.RowElectrodes.Concat(config.ColumnElectrodes))
            {
                string strip = WiringAdvice.Strip(config, e);
                string where = strip.StartsWith("row", StringComparison.Ordinal) ? "rows count from the top" : "columns count from the left";
                Instruct($"Touch {strip}", $"Touch {strip} of the grid ({where}) and keep your finger on it.");
                var others = new SortedSet<int>();
                bool seen = Until(() =>
                {
                    mpr.ReadSignals(filtered, baselines);
                    for (int i = 0; i < Mpr121.ElectrodeCount; i++)
                    {
                        if (i != e && baselines[i] - filtered[i] >= options.TouchedSignal)
                        {
                            others.Add(i);
                        }
                    }

                    return baselines[e] - filtered[e] >= options.TouchedSignal;
                }, out string? error);
                if (error is not null)
                {
                    Fail($"{strip}: {error}");
                }
                else if (seen)
                {
                    Ok($"{strip} responds on electrode {e}");
                }
                else
                {
                    string moved = others.Count == 0 ? "" :
                        $" (electrode{(others.Count == 1 ? "" : "s")} {string.Join(", ", others)} responded instead: {string.Join(", ", others.Select(o => WiringAdvice.Strip(config, o)))}'s wire may be on the wrong pin)";
                    Fail($"{strip} never responded{moved}: check the wire from MPR121 ELE{e} to the {strip} copper strip, its solder joint on the tab, and the strip end to end");
                }
            }
        }

        /// <summary>Polls until the check is true or the step's time is up; a chip that stops answering ends the step with its message.</summary>
        private bool Until(Func<bool> check, out string? error)
        {
            error = null;
            DateTime end = DateTime.UtcNow + options.StepTimeout;
            try
            {
                while (true)
                {
                    if (check())
                    {
                        return true;
                    }

                    if (DateTime.UtcNow >= end)
                    {
                        return false;
                    }

                    Thread.Sleep(options.PollInterval);
                }
            }
            catch (IOException e)
            {
                error = e.Message;
                return false;
            }
        }

        private void Instruct(string step, string instruction)
        {
            guide.Instruct(step, instruction);
            if (_display is null)
            {
                return;
            }

            var frame = new MonoFramebuffer();
            MessageView.Render(frame, step, instruction);
            try
            {
                _display.Flush(frame);
            }
            catch (IOException)
            {
                _display = null; // the terminal still guides; the OLED step has reported it
            }
        }

        private static void TestPattern(MonoFramebuffer frame)
        {
            frame.Clear();
            frame.DrawRect(0, 0, MonoFramebuffer.Width, MonoFramebuffer.Height);
            for (int y = 16; y < 48; y++)
            {
                for (int x = 32; x < 96; x++)
                {
                    frame.SetPixel(x, y, ((x / 4) + (y / 4)) % 2 == 0);
                }
            }
        }

        private int IndexOf(KnobInput knob)
        {
            for (int i = 0; i < config.Knobs.Count; i++)
            {
                if (config.Knobs[i] == knob)
                {
                    return i;
                }
            }

            return -1;
        }

        private T Own<T>(T disposable)
            where T : IDisposable
        {
            _open.Add(disposable);
            return disposable;
        }

        private void Ok(string text) => Add(new SelfTestLine(SelfTestStatus.Ok, text));

        private void Warn(string text) => Add(new SelfTestLine(SelfTestStatus.Warning, text));

        private void Fail(string text) => Add(new SelfTestLine(SelfTestStatus.Fail, text));

        private void Add(SelfTestLine line)
        {
            Lines.Add(line);
            guide.Report(line);
        }
    }
}
