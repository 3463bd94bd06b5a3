using SwRel.IO;
using SwRel.Repository.Tests.Execution;

namespace SwRel.Repository.Tests.IO;

/// <summary>Every operation of <see cref="ConfinedRoot"/> refuses a link at any segment and never reaches outside the root.</summary>
public sealed class ConfinedRootTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly TempTree _outside = new();
    private readonly ConfinedRoot _root;

    public ConfinedRootTests()
    {
        _tree.Write("a/b/file.txt", "inside\n");
        _outside.Write("x/file.txt", "outside\n");
        _outside.Write("x/b/file.txt", "outside\n");
        Directory.CreateSymbolicLink(_tree.PathOf("link"), _outside.PathOf("x"));
        Directory.CreateSymbolicLink(_tree.PathOf("a/link"), _outside.PathOf("x"));
        File.CreateSymbolicLink(_tree.PathOf("a/b/filelink"), _outside.PathOf("x/file.txt"));
        _root = ConfinedRoot.Open(_tree.Root);
    }

    public void Dispose()
    {
        _root.Dispose();
        _tree.Dispose();
        _outside.Dispose();
    }

    public static TheoryData<string> ThroughLinks => ["link/file.txt", "link/b/file.txt", "a/link/file.txt", "a/link/b/file.txt"];

    [Theory]
    [MemberData(nameof(ThroughLinks))]
    public void Every_operation_through_a_linked_folder_is_refused_naming_the_link(string path)
    {
        var link = path.StartsWith("link", StringComparison.Ordinal) ? _tree.PathOf("link") : _tree.PathOf("a/link");

        foreach (var operation in new Action[]
        {
            () => _root.Stat(path, out _),
            () => _root.OpenRead(path).Dispose(),
            () => _root.CreateNew(path + ".new").Dispose(),
            () => _root.CreateDirectory(path + ".d"),
            () => _root.Rename(path, "a/moved.txt"),
            () => _root.Rename("a/b/file.txt", path + ".moved"),
            () => _root.DeleteFile(path),
            () => _root.DeleteTree(path),
            () => _root.List(path),
            () => _root.Lock(path + ".lock").Dispose(),
            () => _root.OpenDirectory(path).Dispose(),
        })
        {
            var error = Assert.Throws<SymbolicLinkException>(operation);
            Assert.Equal(link, error.Link);
        }

        Assert.Equal("outside\n", _outside.Read("x/file.txt"));
        Assert.Equal("outside\n", _outside.Read("x/b/file.txt"));
        Assert.Equal(3, Directory.GetFileSystemEntries(_outside.PathOf("x"), "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void A_link_as_the_last_segment_is_seen_as_a_link_and_never_opened()
    {
        Assert.Equal(EntryKind.SymbolicLink, _root.Stat("a/b/filelink", out _));
        Assert.Throws<SymbolicLinkException>(() => _root.OpenRead("a/b/filelink").Dispose());
        Assert.Throws<IOException>(() => _root.CreateNew("a/b/filelink").Dispose());
        Assert.Contains(("filelink", EntryKind.SymbolicLink), _root.List("a/b"));
    }

    [Fact]
    public void Deleting_a_tree_deletes_the_links_in_it_and_keeps_their_targets()
    {
        _root.DeleteTree("a");

        Assert.False(Path.Exists(_tree.PathOf("a")));
        Assert.Equal("outside\n", _outside.Read("x/file.txt"));
        Assert.Equal("outside\n", _outside.Read("x/b/file.txt"));
    }

    [Fact]
    public void A_FIFO_is_refused_at_once_without_waiting_for_a_writer()
    {
        Fifo.Make(_tree.PathOf("a/pipe"));

        var error = Assert.Throws<NotRegularFileException>(() => _root.OpenRead("a/pipe").Dispose());

        Assert.Contains("FIFO", error.Message, StringComparison.Ordinal);
        Assert.Equal(EntryKind.Other, _root.Stat("a/pipe", out _));
    }

    [Fact]
    public void A_folder_is_not_read_as_a_file()
    {
        var error = Assert.Throws<NotRegularFileException>(() => _root.OpenRead("a/b").Dispose());

        Assert.Contains("is a folder, not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rename_never_replaces_what_is_there()
    {
        _tree.Write("a/other.txt", "other\n");

        Assert.Throws<IOException>(() => _root.Rename("a/other.txt", "a/b/file.txt"));

        Assert.Equal("inside\n", _tree.Read("a/b/file.txt"));
    }

    [Fact]
    public void A_held_lock_is_told_apart_from_other_errors()
    {
        using var held = _root.Lock("a/lock");
        using var second = ConfinedRoot.Open(_tree.Root);

        var error = Assert.ThrowsAny<IOException>(() => second.Lock("a/lock"));

        Assert.True(ConfinedRoot.IsLockHeld(error));
        Assert.False(ConfinedRoot.IsLockHeld(Assert.Throws<SymbolicLinkException>(() => second.Lock("link/lock"))));
    }

    [Fact]
    public void Files_and_folders_are_created_read_and_listed_below_the_root()
    {
        _root.CreateDirectory("new/deep/folder");
        using (var stream = new FileStream(_root.CreateNew("new/deep/folder/f.txt"), FileAccess.Write))
        {
            stream.Write("hello"u8);
        }

        using (var stream = new FileStream(_root.OpenRead("new/deep/folder/f.txt"), FileAccess.Read))
        {
            Assert.Equal(5, stream.Length);
        }

        Assert.Equal(EntryKind.File, _root.Stat("new/deep/folder/f.txt", out var length));
        Assert.Equal(5, length);
        Assert.Equal([("f.txt", EntryKind.File)], _root.List("new/deep/folder"));
        Assert.Empty(_root.List("missing/folder"));
        Assert.Equal(EntryKind.Missing, _root.Stat("a/b/file.txt/below", out _));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("./a")]
    public void A_path_that_is_not_plain_names_below_the_root_is_refused(string path)
    {
        Assert.Throws<ArgumentException>(() => _root.Stat(path, out _));
    }
}
