using NSynthBox.Hardware.Tests.Fakes;

namespace NSynthBox.Hardware.Tests;

public class DisplayTests
{
    private static MonoFramebuffer FrameWithCorners()
    {
        var frame = new MonoFramebuffer();
        frame.SetPixel(0, 0);
        frame.SetPixel(127, 63);
        frame.SetPixel(5, 9);
        return frame;
    }

    [Fact]
    public void Ssd1306_init_runs_its_charge_pump_in_page_addressing_mode_and_ends_display_on()
    {
        var chip = new FakeOled();
        new Ssd1306(chip).Initialize();

        Assert.Equal(0xAE, chip.Commands[0]);
        Assert.Equal(0xAF, chip.Commands[^1]);
        AssertFollowedBy(chip.Commands, 0x8D, 0x14);   // charge pump on
        AssertFollowedBy(chip.Commands, 0x20, 0x02);   // page addressing
        AssertFollowedBy(chip.Commands, 0xA8, 0x3F);   // 64 rows
        AssertFollowedBy(chip.Commands, 0xDA, 0x12);   // 128x64 COM pins
    }

    [Fact]
    public void Sh1106_init_uses_its_dc_dc_converter_not_the_ssd1306_charge_pump()
    {
        var chip = new FakeOled();
        new Sh1106(chip).Initialize();

        Assert.Equal(0xAE, chip.Commands[0]);
        Assert.Equal(0xAF, chip.Commands[^1]);
        AssertFollowedBy(chip.Commands, 0xAD, 0x8B);
        Assert.DoesNotContain((byte)0x8D, chip.Commands);
        Assert.DoesNotContain((byte)0x20, chip.Commands);  // no horizontal addressing on an SH1106
    }

    [Fact]
    public void Ssd1306_flush_writes_eight_pages_from_column_zero()
    {
        var chip = new FakeOled();
        new Ssd1306(chip).Flush(FrameWithCorners());

        Assert.Equal(Enumerable.Range(0, 8).Select(p => (p, 0, 128)), chip.DataWrites);
        Assert.True(chip.Pixel(0, 0, firstColumn: 0));
        Assert.True(chip.Pixel(127, 63, firstColumn: 0));
        Assert.True(chip.Pixel(5, 9, firstColumn: 0));
        Assert.False(chip.Pixel(5, 8, firstColumn: 0));
    }

    [Fact]
    public void Sh1106_flush_uses_two_column_offset()
    {
        var chip = new FakeOled();
        new Sh1106(chip).Flush(FrameWithCorners());

        Assert.Equal(Enumerable.Range(0, 8).Select(p => (p, 2, 128)), chip.DataWrites);
        Assert.Equal(0x01, chip.Ram[0, 2]);          // pixel (0,0) lands in RAM column 2
        Assert.Equal(0x00, chip.Ram[0, 0]);
        Assert.Equal(0x80, chip.Ram[7, 129]);        // pixel (127,63) in column 129
        Assert.True(chip.Pixel(5, 9, firstColumn: Sh1106.FirstColumn));
    }

    [Fact]
    public void Configured_display_is_opened_at_its_address()
    {
        var bench = FakeBusFactory.ReferenceBuild();
        PanelConfig pi = TestConfig.Pi4;

        Assert.IsType<Ssd1306>(OledDisplay.Open(pi, bench));
        OledDisplay sh1106 = OledDisplay.Open(pi with { Display = DisplayKind.Sh1106 }, bench)!;
        Assert.Equal("SH1106 at 0x3C", sh1106.Name);
        Assert.Null(OledDisplay.Open(pi with { Display = DisplayKind.None }, bench));
    }

    [Fact]
    public void Missing_display_throws_io_exception()
    {
        Assert.Throws<IOException>(() => new Ssd1306(new AbsentI2cChip(0x3C).Init()).Ping());
    }

    [Fact]
    public void Framebuffer_pages_match_the_controller_layout()
    {
        var frame = new MonoFramebuffer();
        frame.SetPixel(3, 10);
        Assert.Equal(1 << 2, frame.Page(1)[3]);
        frame.SetPixel(3, 10, on: false);
        Assert.Equal(0, frame.Page(1)[3]);
        frame.SetPixel(-1, 5);
        frame.SetPixel(128, 5);  // clipped, no exception
    }

    [Fact]
    public void Lines_and_rectangles_light_the_right_pixels()
    {
        var frame = new MonoFramebuffer();
        frame.DrawLine(0, 0, 7, 7);
        Assert.All(Enumerable.Range(0, 8), i => Assert.True(frame.GetPixel(i, i)));
        Assert.False(frame.GetPixel(1, 0));

        frame.Clear();
        frame.DrawRect(10, 10, 5, 4);
        Assert.True(frame.GetPixel(10, 10) && frame.GetPixel(14, 10) && frame.GetPixel(10, 13) && frame.GetPixel(14, 13));
        Assert.False(frame.GetPixel(12, 11));
        frame.FillRect(10, 10, 5, 4);
        Assert.True(frame.GetPixel(12, 11));
        Assert.False(frame.GetPixel(15, 11));
    }

    [Fact]
    public void Text_is_drawn_with_the_built_in_font()
    {
        var frame = new MonoFramebuffer();
        int end = frame.DrawText(0, 0, "I");
        Assert.Equal(6, end);
        // 'I' is ".###." on its first and last row and "..#.." between.
        Assert.True(frame.GetPixel(1, 0) && frame.GetPixel(2, 0) && frame.GetPixel(3, 0));
        Assert.False(frame.GetPixel(0, 0));
        Assert.True(frame.GetPixel(2, 3));
        Assert.False(frame.GetPixel(1, 3));
        Assert.Equal(11, MonoFramebuffer.MeasureText("AB"));
        Assert.Equal(22, MonoFramebuffer.MeasureText("AB", scale: 2));
    }

    [Fact]
    public void Every_printable_character_has_its_own_glyph()
    {
        var seen = new Dictionary<string, char>();
        for (char c = '!'; c <= '~'; c++)
        {
            string key = Convert.ToHexString(Font5x7.Glyph(c));
            Assert.False(seen.ContainsKey(key), $"'{c}' looks the same as '{(seen.TryGetValue(key, out char o) ? o : ' ')}'");
            Assert.NotEqual("0000000000", key);
            seen[key] = c;
        }

        Assert.Equal(Font5x7.Glyph('?').ToArray(), Font5x7.Glyph('\u00e9').ToArray());
    }

    [Fact]
    public void Png_round_trips_a_frame()
    {
        MonoFramebuffer frame = FrameWithCorners();
        frame.DrawText(10, 20, "NSynthBox");
        using var png = new MemoryStream();
        frame.WritePng(png);
        png.Position = 0;

        byte[,] pixels = PngReader.ReadGray(png, out int width, out int height);
        Assert.Equal((128, 64), (width, height));
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 128; x++)
            {
                Assert.Equal(frame.GetPixel(x, y), pixels[x, y] == 255);
            }
        }
    }

    [Fact]
    public void Png_writer_also_writes_8_bit_grayscale()
    {
        byte[] ramp = [.. Enumerable.Range(0, 16 * 2).Select(i => (byte)(i * 8))];
        using var png = new MemoryStream();
        PngWriter.WriteGrayscale(png, 16, 2, 8, ramp);
        png.Position = 0;

        byte[,] pixels = PngReader.ReadGray(png, out int width, out int height);
        Assert.Equal((16, 2), (width, height));
        Assert.Equal(8 * 17, pixels[1, 1]);
    }

    [Fact]
    public void Png_chunks_carry_the_standard_crc()
    {
        Assert.Equal(0xCBF43926u, PngWriter.Crc32(0xFFFFFFFF, "123456789"u8) ^ 0xFFFFFFFF);
    }

    private static void AssertFollowedBy(List<byte> commands, byte command, byte argument)
    {
        int i = commands.IndexOf(command);
        Assert.True(i >= 0 && i + 1 < commands.Count, $"command 0x{command:X2} not sent");
        Assert.Equal(argument, commands[i + 1]);
    }
}
