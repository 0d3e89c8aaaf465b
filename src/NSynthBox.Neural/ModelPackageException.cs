namespace NSynthBox.Neural;

/// <summary>A model package that cannot be used: the message names the file and what was expected.</summary>
public sealed class ModelPackageException(string message, Exception? inner = null) : Exception(message, inner);
