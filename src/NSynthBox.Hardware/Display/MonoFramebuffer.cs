namespace NSynthBox.Hardware;

/// <summary>
/// A 128x64 one-bit image laid out like the OLED controllers' memory: 8 pages of 8 rows, one
/// byte per column per page, bit 0 = top row of the page. A flush copies pages as they are.
/// Drawing outside the screen is clipped.
/// </summary>
public sealed class MonoFramebuffer
{
    public const int Width = 128;
    public const int Height = 64;
    public const int PageCount = Height / 8;

    private readonly byte[] _pixels = new byte[Width * PageCount];

    /// <summary>The 128 column bytes of one page (rows 8*page .. 8*page+7).</summary>
    public ReadOnlySpan<byte> Page(int page) => _pixels.AsSpan(page * Width, Width);

    public void Clear(bool on = false) => Array.Fill(_pixels, on ? (byte)0xFF : (byte)0);

    public void SetPixel(int x, int y, bool on = true)
    {
        if ((uint)x >= Width || (uint)y >= Height)
        {
            return;
        }

        ref byte column = ref _pixels[(y >> 3) * Width + x];
        byte bit = (byte)(1 << (y & 7));
        column = on ? (byte)(column | bit) : (byte)(column & ~bit);
    }

    public bool GetPixel(int x, int y) =>
        (uint)x < Width && (uint)y < Height && (_pixels[(y >> 3) * Width + x] & (1 << (y & 7))) != 0;

    /// <summary>Bresenham line, both ends included.</summary>
    public void DrawLine(int x0, int y0, int x1, int y1, bool on = true)
    {
        int dx = Math.Abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
        int dy = -Math.Abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
        int error = dx + dy;
        while (true)
        {
            SetPixel(x0, y0, on);
            if (x0 == x1 && y0 == y1)
            {
                return;
            }

            int e2 = 2 * error;
            if (e2 >= dy)
            {
                error += dy;
                x0 += sx;
            }

            if (e2 <= dx)
            {
                error += dx;
                y0 += sy;
            }
        }
    }

    /// <summary>Outline of a rectangle whose top-left pixel is (x, y).</summary>
    public void DrawRect(int x, int y, int width, int height, bool on = true)
    {
        if (width <= 0 || height <= 0)
        {
            return;
        }

        DrawLine(x, y, x + width - 1, y, on);
        DrawLine(x, y + height - 1, x + width - 1, y + height - 1, on);
        DrawLine(x, y, x, y + height - 1, on);
        DrawLine(x + width - 1, y, x + width - 1, y + height - 1, on);
    }

    public void FillRect(int x, int y, int width, int height, bool on = true)
    {
        for (int row = y; row < y + height; row++)
        {
            for (int col = x; col < x + width; col++)
            {
                SetPixel(col, row, on);
            }
        }
    }

    /// <summary>Draws text with the built-in 5x7 font, top-left at (x, y), each pixel scale x scale. Returns the x after the text.</summary>
    public int DrawText(int x, int y, string text, int scale = 1, bool on = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (char c in text)
        {
            ReadOnlySpan<byte> glyph = Font5x7.Glyph(c);
            for (int col = 0; col < Font5x7.GlyphWidth; col++)
            {
                for (int row = 0; row < Font5x7.CellHeight; row++)
                {
                    if ((glyph[col] & (1 << row)) != 0)
                    {
                        FillRect(x + col * scale, y + row * scale, scale, scale, on);
                    }
                }
            }

            x += Font5x7.Advance * scale;
        }

        return x;
    }

    /// <summary>Width in pixels of text drawn at a scale (without the trailing blank column).</summary>
    public static int MeasureText(string text, int scale = 1) =>
        text.Length == 0 ? 0 : (text.Length * Font5x7.Advance - 1) * scale;

    /// <summary>Saves the image as a 1-bit grayscale PNG (lit pixels white), e.g. for screenshots of the simulated panel.</summary>
    public void WritePng(Stream stream)
    {
        const int rowBytes = Width / 8;
        var rows = new byte[rowBytes * Height];
        for (int y = 0; y < Height; y++)
        {
            for (int x = 0; x < Width; x++)
            {
                if (GetPixel(x, y))
                {
                    rows[y * rowBytes + x / 8] |= (byte)(0x80 >> (x & 7));
                }
            }
        }

        PngWriter.WriteGrayscale(stream, Width, Height, 1, rows);
    }
}
