using System.Collections.Immutable;

namespace SwRel.Metadata.Releases;

/// <summary>Element-wise equality for the immutable arrays that descriptor records hold (a default array counts as empty).</summary>
internal static class SequenceEquality
{
    public static bool Equal<T>(ImmutableArray<T> a, ImmutableArray<T> b)
    {
        var left = a.IsDefault ? [] : a.AsSpan();
        var right = b.IsDefault ? [] : b.AsSpan();
        if (left.Length != right.Length)
        {
            return false;
        }

        var comparer = EqualityComparer<T>.Default;
        for (var i = 0; i < left.Length; i++)
        {
            if (!comparer.Equals(left[i], right[i]))
            {
                return false;
            }
        }

        return true;
    }

    public static int Hash<T>(ImmutableArray<T> items)
    {
        if (items.IsDefaultOrEmpty)
        {
            return 0;
        }

        var hash = new HashCode();
        hash.Add(items.Length);
        hash.Add(items[0]);
        hash.Add(items[^1]);
        return hash.ToHashCode();
    }
}
