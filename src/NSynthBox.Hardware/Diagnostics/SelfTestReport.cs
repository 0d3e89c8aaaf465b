using System.Text;

namespace NSynthBox.Hardware;

/// <summary>How one self-test finding counts.</summary>
public enum SelfTestStatus
{
    Ok,
    /// <summary>Possibly fine (a knob at its end stop), worth a look.</summary>
    Warning,
    /// <summary>Something is wired wrong or missing.</summary>
    Fail,
}

/// <summary>One finding: what was checked and, for a problem, which wire to look at.</summary>
public sealed record SelfTestLine(SelfTestStatus Status, string Text)
{
    public override string ToString() => Status switch
    {
        SelfTestStatus.Ok => "[ ok ] ",
        SelfTestStatus.Warning => "[warn] ",
        _ => "[FAIL] ",
    } + Text;
}

/// <summary>The self-test's findings, in the order they were checked.</summary>
public sealed class SelfTestReport
{
    public SelfTestReport(string board, IReadOnlyList<SelfTestLine> lines)
    {
        Board = board;
        Lines = lines;
    }

    public string Board { get; }

    public IReadOnlyList<SelfTestLine> Lines { get; }

    public int Failures => Lines.Count(l => l.Status == SelfTestStatus.Fail);

    public int Warnings => Lines.Count(l => l.Status == SelfTestStatus.Warning);

    public bool Passed => Failures == 0;

    /// <summary>The report as printed by <c>nsynthbox selftest</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("NSynthBox panel self-test (").Append(Board).AppendLine(")");
        foreach (SelfTestLine line in Lines)
        {
            text.AppendLine(line.ToString());
        }

        text.Append(Passed ? "Self-test passed" : $"Self-test FAILED: {Failures} problem{(Failures == 1 ? "" : "s")}");
        if (Warnings > 0)
        {
            text.Append($", {Warnings} warning{(Warnings == 1 ? "" : "s")}");
        }

        return text.AppendLine(".").ToString();
    }
}
