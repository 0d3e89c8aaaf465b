namespace NSynthBox;

/// <summary>
/// Rows of text cells as aligned columns for a terminal listing: each column as wide as its widest
/// cell (so a long name or pitch list never shifts the columns after it); the last column is not padded.
/// </summary>
internal static class TextColumns
{
    /// <param name="rows">The header first, then the rows; every row has the same number of cells.</param>
    /// <param name="rightAligned">Columns whose cells line up on the right (numbers).</param>
    public static IEnumerable<string> Format(IReadOnlyList<string[]> rows, params int[] rightAligned)
    {
        if (rows.Count == 0) yield break;
        var columns = rows[0].Length;
        var widths = Enumerable.Range(0, columns).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            var cells = row.Select((cell, c) => c == columns - 1 && !rightAligned.Contains(c) ? cell
                : rightAligned.Contains(c) ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]));
            yield return string.Join("  ", cells).TrimEnd();
        }
    }
}
