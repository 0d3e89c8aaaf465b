namespace NSynthBox.Engine.Import;

/// <summary>A recording that cannot be imported: one line naming the file, what is wrong and what to do.</summary>
public sealed class SoundImportException(string message) : Exception(message);
