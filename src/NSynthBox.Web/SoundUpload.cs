namespace NSynthBox.Web;

/// <summary>A WAV file sent from the page to be imported as a sound: the browser's file name, the name asked for, the bytes.</summary>
public sealed record SoundUpload(string FileName, string Name, byte[] Bytes);

/// <summary>What an upload came to: imported or not, one line saying what happened (or what is wrong), and any warnings.</summary>
public sealed record SoundUploadResult(bool Imported, string Message, IReadOnlyList<string> Warnings)
{
    public static SoundUploadResult Refused(string message) => new(false, message, []);
}
