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
            () => _root.Exchange(path, "a/b/file.txt"),
            () => _root.Exchange("a/b/file.txt", path),
            () => _root.DeleteFile(path),
            () => _root.DeleteTree(path),
            () => _root.List(path),
            () => _root.Lock(path + ".lock").Dispose(),
            () => _root.OpenDirectory(path).Dispose(),
            () => LinkInto(path + ".linked"),
        })
        {
            var error = Assert.Throws<SymbolicLinkException>(operation);
            Assert.Equal(link, error.Link);
        }

        Assert.Equal("outside\n", _outside.Read("x/file.txt"));
        Assert.Equal("outside\n", _outside.Read("x/b/file.txt"));
        Assert.Equal(3, Directory.GetFileSystemEntries(_outside.PathOf("x"), "*", SearchOption.AllDirectories).Length);
    }

    // Kernels before 5.6 (or sandboxes that filter openat2) resolve every folder with the segment walk alone.
    [Fact]
    public void Exchange_swaps_two_folders_in_one_step_and_leaves_nothing_else()
    {
        _tree.Write("old/index.xml", "old\n").Write("new/index.xml", "new\n");

        _root.Exchange("new", "old");

        Assert.Equal("new\n", _tree.Read("old/index.xml"));
        Assert.Equal("old\n", _tree.Read("new/index.xml"));
        Assert.False(_tree.Exists("old.swap"));
    }

    [Fact]
    public void Exchange_with_a_missing_entry_is_refused_and_changes_nothing()
    {
        _tree.Write("new/index.xml", "new\n");

        Assert.ThrowsAny<IOException>(() => _root.Exchange("new", "absent"));

        Assert.Equal("new\n", _tree.Read("new/index.xml"));
        Assert.False(_tree.Exists("absent"));
    }

    [Fact]
    public void Without_openat2_the_segment_walk_resolves_and_refuses_the_same()
    {
        var used = ConfinedRoot.UseOpenAt2;
        ConfinedRoot.UseOpenAt2 = false;
        try
        {
            _root.CreateDirectory("w/x/y");
            using (var stream = new FileStream(_root.CreateNew("w/x/y/f.txt"), FileAccess.Write))
            {
                stream.Write("walk"u8);
            }

            Assert.Equal(EntryKind.File, _root.Stat("w/x/y/f.txt", out var length));
            Assert.Equal(4, length);
            Assert.Equal(_tree.PathOf("a/link"), Assert.Throws<SymbolicLinkException>(() => _root.OpenRead("a/link/b/file.txt").Dispose()).Link);
            _root.Rename("w/x/y/f.txt", "w/x/g.txt");
            _root.DeleteTree("w");
            Assert.False(Path.Exists(_tree.PathOf("w")));
        }
        finally
        {
            ConfinedRoot.UseOpenAt2 = used;
        }
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
    [InlineData("a/nul\0byte")]
    public void A_path_that_is_not_plain_names_below_the_root_is_refused(string path)
    {
        var error = Assert.Throws<IOException>(() => _root.Stat(path, out _));

        Assert.Contains("is not a path of plain names", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_path_deeper_than_the_limit_is_refused_rather_than_walked()
    {
        var deep = string.Join('/', Enumerable.Repeat("d", ConfinedRoot.MaxDepth + 1));

        var error = Assert.Throws<IOException>(() => _root.CreateDirectory(deep));

        Assert.Contains($"at most {ConfinedRoot.MaxDepth}", error.Message, StringComparison.Ordinal);
    }

    // A provider controls names: one that is not UTF-8 cannot be named, but must never block a deletion (and so the
    // recovery of every later run).
    [Fact]
    public void A_tree_holding_a_name_that_is_not_UTF8_is_refused_when_listed_and_still_deleted()
    {
        _tree.Write("bad/RPMS/ok.rpm", "ok\n");
        Shell.Run(_tree.PathOf("bad/RPMS"), "touch \"$(printf 'bad\\377.rpm')\"");

        var error = Assert.Throws<IOException>(() => _root.List("bad/RPMS"));
        _root.DeleteTree("bad");

        Assert.Contains("not valid UTF-8", error.Message, StringComparison.Ordinal);
        Assert.False(Path.Exists(_tree.PathOf("bad")));
    }

    // Removing a promoted release's old copy deletes a folder of files: each is unlinked where it is, never first moved up
    // into the folder being emptied (a rename per file, on two folders, that promotion paid after every commit).
    [Fact]
    public async Task Deleting_a_folder_of_files_unlinks_them_in_place_and_moves_only_folders_up()
    {
        for (var i = 0; i < 20; i++)
        {
            _tree.Write($"release/RPMS/p{i}.rpm", "rpm\n");
        }

        _tree.Write("release/RPMS/nested/inner.rpm", "rpm\n");
        var seen = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var folderGone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var watcher = new FileSystemWatcher(_tree.PathOf("release")) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName };
        void Saw(FileSystemEventArgs e)
        {
            seen.Enqueue($"{e.ChangeType} {e.Name}");
            if (e.ChangeType == WatcherChangeTypes.Deleted && e.Name == "RPMS")
            {
                folderGone.TrySetResult();
            }
        }

        watcher.Created += (_, e) => Saw(e);
        watcher.Deleted += (_, e) => Saw(e);
        watcher.Renamed += (_, e) => Saw(e);
        watcher.EnableRaisingEvents = true;

        _root.DeleteTree("release");

        // Events arrive in order: once RPMS is reported gone, everything moved out of it has been reported too.
        await folderGone.Task.WaitAsync(TimeSpan.FromMinutes(2));
        Assert.False(Path.Exists(_tree.PathOf("release")));
        var movedUp = seen.Where(e => e.StartsWith("Created .swrel-deleting-", StringComparison.Ordinal)).ToArray();
        Assert.Single(movedUp);
    }

    // Deleting holds two descriptors at most and does not recurse, whatever the depth.
    [Fact]
    public void A_tree_far_deeper_than_the_descriptor_limit_is_deleted()
    {
        var path = _tree.PathOf("deep");
        Directory.CreateDirectory(path);
        var hundred = string.Join('/', Enumerable.Repeat("d", 100));
        Shell.Run(path, $"i=0; while [ $i -lt 30 ]; do mkdir -p {hundred} && cd -P {hundred} || exit 1; i=$((i+1)); done; echo leaf > leaf.txt");

        _root.DeleteTree("deep");

        Assert.False(Path.Exists(path));
    }

    [Fact]
    public void A_FIFO_or_device_at_the_lock_file_is_refused_without_being_opened()
    {
        Fifo.Make(_tree.PathOf("a/fifo.lock"));

        Assert.Throws<NotRegularFileException>(() => _root.Lock("a/fifo.lock").Dispose());
    }

    // A child process that another thread forks holds a copy of the lock's descriptor until it execs; a released lock
    // must be free at once all the same, or a run right after another finds the root locked.
    [Fact]
    public void A_released_lock_can_be_taken_again_while_a_copy_of_its_descriptor_is_still_open()
    {
        const int DuplicateCloseOnExec = 1030;
        var held = _root.Lock("a/run.lock");
        var handle = held is HeldLock heldLock ? heldLock.Handle : (Microsoft.Win32.SafeHandles.SafeFileHandle)held;
        var copy = Libc.Fcntl((int)handle.DangerousGetHandle(), DuplicateCloseOnExec, 0);
        Assert.True(copy >= 0, "the lock's descriptor could not be copied");
        try
        {
            held.Dispose();

            _root.Lock("a/run.lock").Dispose();
        }
        finally
        {
            Libc.Close(copy);
        }
    }

    [Fact]
    public void A_link_names_the_file_that_was_opened_even_after_its_name_is_swapped_for_a_link()
    {
        using var file = _root.OpenRead("a/b/file.txt");
        File.Move(_tree.PathOf("a/b/file.txt"), _tree.PathOf("a/b/moved.txt"));
        File.CreateSymbolicLink(_tree.PathOf("a/b/file.txt"), _outside.PathOf("x/file.txt"));

        Assert.True(_root.TryLink(file, "a/linked.txt"));

        Assert.Null(new FileInfo(_tree.PathOf("a/linked.txt")).LinkTarget);
        Assert.Equal("inside\n", _tree.Read("a/linked.txt"));
    }

    [Fact]
    public void A_link_never_replaces_an_existing_name_a_symbolic_link_included()
    {
        using var file = _root.OpenRead("a/b/file.txt");

        Assert.Throws<IOException>(() => _root.TryLink(file, "a/b/filelink"));

        Assert.Equal(_outside.PathOf("x/file.txt"), new FileInfo(_tree.PathOf("a/b/filelink")).LinkTarget);
        Assert.Equal("outside\n", _outside.Read("x/file.txt"));
    }

    private void LinkInto(string path)
    {
        using var file = _root.OpenRead("a/b/file.txt");
        _root.TryLink(file, path);
    }
}
