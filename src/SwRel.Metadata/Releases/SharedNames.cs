namespace SwRel.Metadata.Releases;

/// <summary>
/// A fixed set of names (a descriptor's element and attribute names, prefixes and namespaces) that every document's
/// <see cref="DocumentNameTable"/> shares, so that a document does not allocate and insert them again.
/// </summary>
/// <remarks>
/// Built once and never changed afterwards: concurrent lookups are safe. An open-addressing table of the strings
/// themselves; the hash is the process's own string hash of the characters.
/// </remarks>
internal sealed class SharedNames
{
    private readonly string?[] _slots;
    private readonly int _mask;

    public SharedNames(IEnumerable<string> names)
    {
        var distinct = new HashSet<string>(names, StringComparer.Ordinal);
        var size = 16;
        while (size < distinct.Count * 4)
        {
            size *= 2;
        }

        _slots = new string?[size];
        _mask = size - 1;
        foreach (var name in distinct)
        {
            var i = Slot(name);
            while (_slots[i] is not null)
            {
                i = (i + 1) & _mask;
            }

            _slots[i] = name;
        }

        Count = distinct.Count;
    }

    /// <summary>Gets how many names the set holds.</summary>
    public int Count { get; }

    /// <summary>Returns the shared instance of a name, or <see langword="null"/> when the set does not hold it.</summary>
    public string? Find(ReadOnlySpan<char> name)
    {
        var i = Slot(name);
        while (_slots[i] is { } candidate)
        {
            if (name.SequenceEqual(candidate))
            {
                return candidate;
            }

            i = (i + 1) & _mask;
        }

        return null;
    }

    private int Slot(ReadOnlySpan<char> name) => string.GetHashCode(name) & _mask;
}
