using System.Text;

namespace NSynthBox.Hardware;

/// <summary>Fitting text into the OLED's few characters.</summary>
internal static class TextLayout
{
    /// <summary>Characters of the built-in font that fit across the screen.</summary>
    public const int CharsPerLine = (MonoFramebuffer.Width + 1) / Font5x7.Advance;

    /// <summary>
    /// Shortens an instrument name to at most <paramref name="maxChars"/>: '_' and '-' become
    /// word breaks, each word gets its share of the characters (the first word the larger one) in
    /// title case, losing inner lower-case vowels from the right and then its tail:
    /// "synth_lead" -> "SynLd", "keyboard" -> "Kybrd". Names that fit are kept as they are.
    /// </summary>
    public static string Abbreviate(string name, int maxChars)
    {
        string cleaned = name.Replace('_', ' ').Replace('-', ' ').Trim();
        if (cleaned.Length <= maxChars)
        {
            return cleaned;
        }

        string[] words = cleaned.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int count = Math.Min(words.Length, maxChars);
        var text = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            int remaining = maxChars - text.Length;
            int share = (remaining + count - i - 1) / (count - i);
            text.Append(Shorten(char.ToUpperInvariant(words[i][0]) + words[i][1..], share));
        }

        return text.ToString();
    }

    private static string Shorten(string word, int maxChars)
    {
        var text = new StringBuilder(word);
        for (int i = text.Length - 1; i > 0 && text.Length > maxChars; i--)
        {
            if ("aeiou".Contains(text[i], StringComparison.Ordinal))
            {
                text.Remove(i, 1);
            }
        }

        return text.Length <= maxChars ? text.ToString() : text.ToString(0, maxChars);
    }

    /// <summary>Word-wraps text into lines of at most <paramref name="width"/> characters (long words are split).</summary>
    public static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        var line = new StringBuilder();
        foreach (string paragraph in text.Split('\n'))
        {
            foreach (string w in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                string word = w;
                while (word.Length > width)
                {
                    Flush(lines, line);
                    lines.Add(word[..width]);
                    word = word[width..];
                }

                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    Flush(lines, line);
                }

                if (line.Length > 0)
                {
                    line.Append(' ');
                }

                line.Append(word);
            }

            Flush(lines, line);
        }

        return lines;
    }

    private static void Flush(List<string> lines, StringBuilder line)
    {
        if (line.Length > 0)
        {
            lines.Add(line.ToString());
            line.Clear();
        }
    }
}
