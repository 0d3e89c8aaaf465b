namespace NSynthBox.Hardware;

/// <summary>An error or notice: an inverted title bar and the word-wrapped message (up to 6 lines).</summary>
internal static class MessageView
{
    private const int HeaderHeight = 9;
    private const int LineHeight = 9;

    public static void Render(MonoFramebuffer frame, string title, string message)
    {
        frame.Clear();
        frame.FillRect(0, 0, MonoFramebuffer.Width, HeaderHeight);
        frame.DrawText(2, 1, title, on: false);

        List<string> lines = TextLayout.Wrap(message, TextLayout.CharsPerLine);
        int maxLines = (MonoFramebuffer.Height - HeaderHeight - 3 + 2) / LineHeight;
        for (int i = 0; i < lines.Count && i < maxLines; i++)
        {
            frame.DrawText(0, HeaderHeight + 3 + i * LineHeight, lines[i]);
        }
    }
}
