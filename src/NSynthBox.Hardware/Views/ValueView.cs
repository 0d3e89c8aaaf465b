namespace NSynthBox.Hardware;

/// <summary>Shown while a knob turns: its name, its value in words ("120 ms") and a bar.</summary>
internal static class ValueView
{
    public static void Render(MonoFramebuffer frame, string label, string value, float fraction)
    {
        frame.Clear();
        DrawCentered(frame, label, 2);
        DrawCentered(frame, value, 22);

        const int barX = 4, barY = 46, barWidth = 120, barHeight = 14;
        frame.DrawRect(barX, barY, barWidth, barHeight);
        int filled = (int)MathF.Round(Math.Clamp(fraction, 0f, 1f) * (barWidth - 4));
        frame.FillRect(barX + 2, barY + 2, filled, barHeight - 4);
    }

    internal static void DrawCentered(MonoFramebuffer frame, string text, int y)
    {
        int scale = MonoFramebuffer.MeasureText(text, 2) <= MonoFramebuffer.Width ? 2 : 1;
        int yOffset = scale == 2 ? 0 : Font5x7.GlyphHeight / 2;
        frame.DrawText((MonoFramebuffer.Width - MonoFramebuffer.MeasureText(text, scale)) / 2, y + yOffset, text, scale);
    }
}
