namespace NSynthBox.Hardware;

/// <summary>
/// The maker at the bench during the guided self-test: instructions go out (the terminal; the
/// OLED shows them too), and only questions a person can answer ("do you hear the tone?") come back.
/// </summary>
public interface ISelfTestGuide
{
    /// <summary>What to do now; the step then watches the chips until the expected change is seen or its time runs out.</summary>
    void Instruct(string step, string instruction);

    /// <summary>A finding, as soon as it is made.</summary>
    void Report(SelfTestLine line);

    /// <summary>A yes/no question only the maker can answer.</summary>
    bool Ask(string question);
}
