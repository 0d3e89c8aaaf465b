namespace NSynthBox.Web;

/// <summary>What saving the settings did: saved, or the errors per field and nothing written.</summary>
public sealed record SettingsSaveResult(bool Saved, IReadOnlyDictionary<string, string> Errors, string Message)
{
    public static SettingsSaveResult Failed(IReadOnlyDictionary<string, string> errors) =>
        new(false, errors, errors.Count == 1 ? "1 field needs fixing; nothing was saved" : $"{errors.Count} fields need fixing; nothing was saved");
}
