using System.Globalization;
using System.Text;

namespace NSynthBox.HardwarePlans.Tests;

/// <summary>Locates files of the repository from the test's output folder.</summary>
public static class Repo
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    public static string Root => RootLazy.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(PathOf(parts));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NSynthBox.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NSynthBox.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks.</summary>
public static class Csv
{
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }

                if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }

                i++;
                continue;
            }

            switch (c)
            {
                case '"' when field.Length == 0:
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add(row);
                    row = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }

            i++;
        }

        if (quoted)
        {
            throw new FormatException("unterminated quoted field");
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }

        return rows;
    }
}

/// <summary>An S-expression: an atom (symbol, number or string) or a list.</summary>
public sealed class SExpr
{
    private SExpr(string? atom, bool isString, List<SExpr>? items)
    {
        Atom = atom;
        IsString = isString;
        Items = items ?? [];
    }

    public string? Atom { get; }

    public bool IsString { get; }

    public bool IsList => Atom is null;

    public List<SExpr> Items { get; }

    /// <summary>The head symbol of a list, e.g. "symbol" for (symbol ...).</summary>
    public string? Head => IsList && Items.Count > 0 && !Items[0].IsList && !Items[0].IsString ? Items[0].Atom : null;

    public SExpr this[int i] => Items[i];

    public IEnumerable<SExpr> Children(string head) => Items.Where(x => x.Head == head);

    public SExpr? Child(string head) => Items.FirstOrDefault(x => x.Head == head);

    public double Number(int i) => double.Parse(Items[i].Atom!, NumberStyles.Float, CultureInfo.InvariantCulture);

    public string Text(int i) => Items[i].Atom!;

    public static SExpr Parse(string text)
    {
        var pos = 0;
        SkipSpace(text, ref pos);
        var result = ParseOne(text, ref pos);
        SkipSpace(text, ref pos);
        if (pos != text.Length)
        {
            throw new FormatException($"trailing text at offset {pos}");
        }

        return result;
    }

    private static void SkipSpace(string s, ref int pos)
    {
        while (pos < s.Length && char.IsWhiteSpace(s[pos]))
        {
            pos++;
        }
    }

    private static SExpr ParseOne(string s, ref int pos)
    {
        if (pos >= s.Length)
        {
            throw new FormatException("unexpected end of input");
        }

        var c = s[pos];
        if (c == '(')
        {
            pos++;
            var items = new List<SExpr>();
            while (true)
            {
                SkipSpace(s, ref pos);
                if (pos >= s.Length)
                {
                    throw new FormatException("unbalanced parenthesis");
                }

                if (s[pos] == ')')
                {
                    pos++;
                    return new SExpr(null, false, items);
                }

                items.Add(ParseOne(s, ref pos));
            }
        }

        if (c == ')')
        {
            throw new FormatException($"unexpected ')' at offset {pos}");
        }

        if (c == '"')
        {
            pos++;
            var sb = new StringBuilder();
            while (true)
            {
                if (pos >= s.Length)
                {
                    throw new FormatException("unterminated string");
                }

                var ch = s[pos++];
                if (ch == '"')
                {
                    return new SExpr(sb.ToString(), true, null);
                }

                if (ch == '\\')
                {
                    if (pos >= s.Length)
                    {
                        throw new FormatException("unterminated escape");
                    }

                    var e = s[pos++];
                    sb.Append(e switch { 'n' => '\n', 't' => '\t', _ => e });
                    continue;
                }

                sb.Append(ch);
            }
        }

        var start = pos;
        while (pos < s.Length && !char.IsWhiteSpace(s[pos]) && s[pos] != '(' && s[pos] != ')' && s[pos] != '"')
        {
            pos++;
        }

        return new SExpr(s[start..pos], false, null);
    }
}
