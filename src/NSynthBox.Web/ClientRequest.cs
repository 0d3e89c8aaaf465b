using NSynthBox.Engine;

namespace NSynthBox.Web;

/// <summary>A page's message, validated: one of the records below.</summary>
internal abstract record ClientRequest(double? Id);

/// <summary>A change to the instrument, the same event the hardware would send.</summary>
internal sealed record ControlRequest(ControlEvent Event, double? Id) : ClientRequest(Id);

/// <summary>A valid message with nothing to do (e.g. MIDI clock from a browser's MIDI input).</summary>
internal sealed record IgnoredRequest(double? Id) : ClientRequest(Id);

/// <summary>Asks for a "pong" echo, to measure the round trip.</summary>
internal sealed record PingRequest(double? Id) : ClientRequest(Id);

/// <summary>Settings to check or save; <paramref name="FieldErrors"/> holds the fields that were not even of the right type.</summary>
internal sealed record SettingsRequest(bool Save, PanelSettings Settings, IReadOnlyDictionary<string, string> FieldErrors, double? Id) : ClientRequest(Id);

/// <summary>A message that failed validation: the reason goes back to the page.</summary>
internal sealed record InvalidRequest(string Error, double? Id) : ClientRequest(Id);
