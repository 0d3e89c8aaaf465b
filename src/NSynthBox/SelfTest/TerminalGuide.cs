using NSynthBox.Hardware;

namespace NSynthBox;

/// <summary>The guided self-test on the terminal: instructions and findings on stdout, yes/no answers from stdin.</summary>
internal sealed class TerminalGuide(TextReader input, TextWriter output) : ISelfTestGuide
{
    public void Instruct(string step, string instruction) => output.WriteLine($"\n== {step}: {instruction}");

    public void Report(SelfTestLine line) => output.WriteLine(line.ToString());

    public bool Ask(string question)
    {
        while (true)
        {
            output.Write($"{question} [y/n] ");
            output.Flush();
            var answer = input.ReadLine();
            if (answer is null) return false; // no terminal: nobody can say yes
            switch (answer.Trim().ToLowerInvariant())
            {
                case "y" or "yes": return true;
                case "n" or "no": return false;
            }
        }
    }
}
