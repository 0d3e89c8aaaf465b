namespace NSynthBox;

/// <summary>A bad command-line value or input file: printed as one line, exit status 2.</summary>
internal sealed class UserInputException(string message) : Exception(message);
