using System.Runtime.CompilerServices;

// The live-playing tests drive LiveBox and the config reader directly.
[assembly: InternalsVisibleTo("NSynthBox.Platform.Tests")]
[assembly: InternalsVisibleTo("NSynthBox.Fuzz.Tests")]
