namespace NSynthBox.Platform.Sounds;

/// <summary>An entry of the library that could not be read: its folder and why (the rest load).</summary>
public sealed record LibraryProblem(string Folder, string Message);
