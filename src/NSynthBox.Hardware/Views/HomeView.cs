namespace NSynthBox.Hardware;

/// <summary>
/// The resting screen: the touch grid as a square in the middle (its 6x6 strip crossings as
/// dots), the finger's position as a cross-hair with a block (filled while touching, hollow after
/// lift), and the four corner instruments abbreviated in the screen's corners.
/// </summary>
internal static class HomeView
{
    public const int NameChars = 5;
    private const int GridLeft = 32;
    private const int GridSize = 64;
    private const int Inner = GridSize - 3; // pixels between the first and last strip dot

    /// <param name="cornerNames">Top-left, top-right, bottom-left, bottom-right.</param>
    public static void Render(MonoFramebuffer frame, float x, float y, bool touching, IReadOnlyList<string> cornerNames)
    {
        frame.Clear();
        frame.DrawRect(GridLeft, 0, GridSize, GridSize);
        for (int i = 0; i < 6; i++)
        {
            for (int j = 0; j < 6; j++)
            {
                frame.SetPixel(GridLeft + 1 + i * Inner / 5, 1 + j * Inner / 5);
            }
        }

        int px = GridLeft + 1 + (int)MathF.Round(Math.Clamp(x, 0f, 1f) * Inner);
        int py = 1 + (int)MathF.Round(Math.Clamp(y, 0f, 1f) * Inner);
        for (int i = GridLeft + 1; i < GridLeft + GridSize - 1; i += 2)
        {
            frame.SetPixel(i, py);
        }

        for (int j = 1; j < GridSize - 1; j += 2)
        {
            frame.SetPixel(px, j);
        }

        if (touching)
        {
            frame.FillRect(px - 2, py - 2, 5, 5);
        }
        else
        {
            frame.FillRect(px - 2, py - 2, 5, 5, on: false);
            frame.DrawRect(px - 2, py - 2, 5, 5);
        }

        const int bottom = MonoFramebuffer.Height - Font5x7.CellHeight;
        DrawName(frame, cornerNames, 0, left: true, 0);
        DrawName(frame, cornerNames, 1, left: false, 0);
        DrawName(frame, cornerNames, 2, left: true, bottom);
        DrawName(frame, cornerNames, 3, left: false, bottom);
    }

    private static void DrawName(MonoFramebuffer frame, IReadOnlyList<string> names, int corner, bool left, int y)
    {
        if (corner >= names.Count)
        {
            return;
        }

        string text = TextLayout.Abbreviate(names[corner], NameChars);
        int x = left ? 0 : MonoFramebuffer.Width - MonoFramebuffer.MeasureText(text);
        frame.DrawText(x, y, text);
    }
}
