namespace NSynthBox.Neural.Encoding;

/// <summary>Turns recorded notes of one instrument into a latent code of the model it belongs to.</summary>
public interface ISoundEncoder
{
    EncodedSound Encode(IReadOnlyList<RecordedNote> notes, CancellationToken cancellationToken = default);
}
