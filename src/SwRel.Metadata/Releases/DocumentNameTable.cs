using System.Xml;

namespace SwRel.Metadata.Releases;

/// <summary>
/// The name table of one document's reader: the <see cref="SharedNames"/> first, then a private <see cref="NameTable"/>
/// for any other name.
/// </summary>
/// <remarks>
/// Atomization holds: a shared name is always answered from the shared set (the private table never receives one), any
/// other name always from the private table. Only the private table is written, and it belongs to one reader on one
/// thread; the shared set is read-only, so documents read concurrently never write to common state.
/// </remarks>
internal sealed class DocumentNameTable : XmlNameTable
{
    private readonly SharedNames _shared;
    private readonly NameTable _own = new();

    public DocumentNameTable(SharedNames shared) => _shared = shared;

    public override string Add(char[] array, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(array);
        return length == 0 ? string.Empty : _shared.Find(array.AsSpan(offset, length)) ?? _own.Add(array, offset, length);
    }

    public override string Add(string array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return array.Length == 0 ? string.Empty : _shared.Find(array) ?? _own.Add(array);
    }

    public override string? Get(char[] array, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(array);
        return length == 0 ? string.Empty : _shared.Find(array.AsSpan(offset, length)) ?? _own.Get(array, offset, length);
    }

    public override string? Get(string array)
    {
        ArgumentNullException.ThrowIfNull(array);
        return array.Length == 0 ? string.Empty : _shared.Find(array) ?? _own.Get(array);
    }
}
