using System.Buffers.Binary;
using CsCheck;

namespace NSynthBox.Fuzz.Tests;

/// <summary>
/// Byte-level mutations of seed files, as a file damaged on disk, cut short by a failed copy or
/// edited by a buggy tool would be: bit flips, bytes and length fields set to edge values (both
/// byte orders: SMF is big-endian, RIFF little-endian), truncation, insertion, deletion,
/// duplication and splicing with another seed. Positions are fractions of the current length,
/// so every mutation applies to any file and shrinks towards "fewer, earlier changes".
/// </summary>
internal static class ByteMutations
{
    private static readonly byte[] InterestingBytes = [0x00, 0x01, 0x7F, 0x80, 0x81, 0xFF, 0xF0, 0xF7, 0xF8, 0x2F, 0x51, 0x58, 0x90, 0x40];

    private static readonly uint[] InterestingWords =
    [
        0, 1, 2, 3, 4, 6, 7, 8, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x0FFFFFFF, 0x7FFFFFF0, 0x7FFFFFFF, 0x80000000, 0xFFFFFFF8, 0xFFFFFFFF,
    ];

    public enum Kind
    {
        FlipBit,
        SetByte,
        SetWordBigEndian,
        SetWordLittleEndian,
        SetShortBigEndian,
        SetShortLittleEndian,
        Truncate,
        Insert,
        Delete,
        Duplicate,
        Splice,
    }

    public readonly record struct Mutation(Kind Kind, double Position, double Other, int Value, byte[] Bytes)
    {
        public override string ToString() => $"{Kind}@{Position:0.###} other={Other:0.###} value={Value} bytes={Convert.ToHexString(Bytes)}";
    }

    public static readonly Gen<Mutation> Mutation1 = Gen.Select(
        Gen.Enum<Kind>(), Gen.Double.Unit, Gen.Double.Unit, Gen.Int[0, 1 << 20], Gen.Byte.Array[1, 16],
        (kind, position, other, value, bytes) => new Mutation(kind, position, other, value, bytes));

    /// <summary>One seed with 1..<paramref name="maxMutations"/> mutations applied, and its description.</summary>
    public static Gen<(string Seed, Mutation[] Mutations, byte[] Bytes)> Of(IReadOnlyList<(string Name, byte[] Bytes)> seeds, int maxMutations = 4) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Mutation1.Array[1, maxMutations], (index, mutations) =>
            (seeds[index].Name, mutations, Apply(seeds[index].Bytes, mutations, seeds)));

    public static byte[] Apply(byte[] seed, Mutation[] mutations, IReadOnlyList<(string Name, byte[] Bytes)> seeds)
    {
        var data = new List<byte>(seed);
        foreach (var m in mutations)
        {
            Apply(data, m, seeds);
        }

        return [.. data];
    }

    public static string Describe((string Seed, Mutation[] Mutations, byte[] Bytes) c) =>
        $"{c.Seed} with {string.Join("; ", c.Mutations)} -> {Fuzz.Hex(c.Bytes)}";

    private static void Apply(List<byte> data, Mutation m, IReadOnlyList<(string Name, byte[] Bytes)> seeds)
    {
        int At(int slack) => Math.Clamp((int)(m.Position * (data.Count - slack + 1)), 0, Math.Max(0, data.Count - slack));
        int pos = At(1);
        Span<byte> word = stackalloc byte[4];
        switch (m.Kind)
        {
            case Kind.FlipBit when data.Count > 0:
                data[pos] ^= (byte)(1 << (m.Value & 7));
                break;
            case Kind.SetByte when data.Count > 0:
                data[pos] = (m.Value & 1) == 0 ? InterestingBytes[m.Value % InterestingBytes.Length] : m.Bytes[0];
                break;
            case Kind.SetWordBigEndian or Kind.SetWordLittleEndian when data.Count >= 4:
            {
                uint value = InterestingWords[m.Value % InterestingWords.Length];
                if (m.Kind == Kind.SetWordBigEndian) BinaryPrimitives.WriteUInt32BigEndian(word, value);
                else BinaryPrimitives.WriteUInt32LittleEndian(word, value);
                pos = At(4);
                for (int i = 0; i < 4; i++) data[pos + i] = word[i];
                break;
            }

            case Kind.SetShortBigEndian or Kind.SetShortLittleEndian when data.Count >= 2:
            {
                ushort value = (ushort)InterestingWords[m.Value % InterestingWords.Length];
                if (m.Kind == Kind.SetShortBigEndian) BinaryPrimitives.WriteUInt16BigEndian(word, value);
                else BinaryPrimitives.WriteUInt16LittleEndian(word, value);
                pos = At(2);
                data[pos] = word[0];
                data[pos + 1] = word[1];
                break;
            }

            case Kind.Truncate:
                data.RemoveRange(At(0), data.Count - At(0));
                break;
            case Kind.Insert:
                data.InsertRange(At(0), m.Bytes);
                break;
            case Kind.Delete when data.Count > 0:
                data.RemoveRange(pos, Math.Min(1 + (m.Value % 64), data.Count - pos));
                break;
            case Kind.Duplicate when data.Count > 0:
            {
                int from = Math.Clamp((int)(m.Other * data.Count), 0, data.Count - 1);
                var range = data.GetRange(from, Math.Min(1 + (m.Value % 256), data.Count - from));
                data.InsertRange(At(0), range);
                break;
            }

            case Kind.Splice:
            {
                byte[] other = seeds[m.Value % seeds.Count].Bytes;
                int cut = At(0);
                int from = Math.Clamp((int)(m.Other * other.Length), 0, other.Length);
                data.RemoveRange(cut, data.Count - cut);
                data.AddRange(other.AsSpan(from).ToArray());
                break;
            }
        }
    }
}
