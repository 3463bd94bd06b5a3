using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Publication;
using SwRel.Tests;

namespace SwRel.Repository.Tests.Publication;

/// <summary>The publisher's own guarantees: nothing half-published, the keys at their fixed places, errors that name what is missing.</summary>
public sealed class RepositoryPublisherTests
{
    private const string Folder = "sw/unverified/umd-4.swrel.hello/1/0/0";

    [Fact]
    public async Task An_index_that_does_not_check_out_is_not_published_and_the_old_one_stays()
    {
        using var bench = new PublicationBench();
        BuildInto(bench, "1.0");
        await new RepositoryPublisher(bench.Options).PublishAsync(bench.Root, RepositoryPath.Parse(Folder), CancellationToken.None);
        var before = Snapshot(bench.PathOf(Folder));
        BuildInto(bench, "1.1");

        // A check that never verifies stands in for a signature that does not match the published keys.
        bench.Options.GpgvPath = "false";
        var error = await Assert.ThrowsAsync<RepositoryActionException>(
            () => new RepositoryPublisher(bench.Options).PublishAsync(bench.Root, RepositoryPath.Parse(Folder), CancellationToken.None));

        Assert.Contains("repomd.xml.asc", error.Message, StringComparison.Ordinal);
        Assert.Contains("was not published", error.Message, StringComparison.Ordinal);
        Assert.Equal(before.ToList(), Snapshot(bench.PathOf(Folder)).Where(e => !e.Key.EndsWith("1.1-1.noarch.rpm", StringComparison.Ordinal)).ToList());
        Assert.False(Directory.Exists(bench.PathOf(Folder + "/" + RepositoryPublisher.Staging)));
    }

    [Fact]
    public async Task A_staging_folder_left_by_a_crash_is_discarded_by_the_next_publication()
    {
        using var bench = new PublicationBench();
        BuildInto(bench, "1.0");
        var leftover = bench.PathOf(Folder + "/" + RepositoryPublisher.Staging + "/repodata");
        Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, "repomd.xml"), "half-written");
        var publisher = new RepositoryPublisher(bench.Options);

        await publisher.PublishAsync(bench.Root, RepositoryPath.Parse(Folder), CancellationToken.None);

        Assert.False(Directory.Exists(bench.PathOf(Folder + "/" + RepositoryPublisher.Staging)));
        Assert.Empty(await publisher.CheckAsync(bench.Root, RepositoryPath.Parse(Folder), CancellationToken.None));
    }

    [Fact]
    public async Task A_rotation_publishes_the_next_key_beside_the_signing_key_at_the_fixed_places()
    {
        using var bench = new PublicationBench();
        const string next = "SwRel Next Signing <next@swrel.invalid>";
        PublicationBench.Run(RequiredProgram.Gpg.Path(), ["--homedir", bench.GnuPgHome, "--batch", "--passphrase", "", "--quick-gen-key", next, "rsa2048", "sign", "never"], bench.Folder);
        BuildInto(bench, "1.0");
        bench.Options.PublishedKeys = [next];

        await new RepositoryPublisher(bench.Options).PublishAsync(bench.Root, RepositoryPath.Parse(Folder), CancellationToken.None);

        foreach (var published in new[] { PublishedKeys.ArmoredPath, PublishedKeys.KeyringPath })
        {
            var shown = PublicationBench.Run(RequiredProgram.Gpg.Path(), ["--homedir", bench.GnuPgHome, "--show-keys", bench.PathOf(published)], bench.Folder);
            Assert.Contains(PublicationBench.KeyUser, shown, StringComparison.Ordinal);
            Assert.Contains(next, shown, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_signing_key_that_is_not_in_the_GnuPG_home_is_named_and_nothing_is_published()
    {
        using var bench = new PublicationBench();
        BuildInto(bench, "1.0");
        bench.Options.SigningKey = "nobody@swrel.invalid";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new RepositoryPublisher(bench.Options).PublishAsync(bench.Root, RepositoryPath.Parse(Folder), CancellationToken.None));

        Assert.Contains("The key 'nobody@swrel.invalid' is not in the GnuPG home", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(bench.PathOf("keys")));
        Assert.False(Directory.Exists(bench.PathOf(Folder + "/repodata")));
    }

    [Fact]
    public async Task A_missing_index_program_is_named_with_the_Debian_package_that_provides_it()
    {
        using var bench = new PublicationBench();
        BuildInto(bench, "1.0");
        bench.Options.CreaterepoPath = "swrel-no-such-createrepo";

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => new RepositoryPublisher(bench.Options).PublishAsync(bench.Root, RepositoryPath.Parse(Folder), CancellationToken.None));

        Assert.Contains("'swrel-no-such-createrepo' could not be started", error.Message, StringComparison.Ordinal);
        Assert.Contains("Debian package createrepo-c", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refresh_run_as_an_unprivileged_owner_of_the_tree_signs_a_copy_of_each_read_only_published_package()
    {
        using var bench = new PublicationBench();
        var source = bench.BuildRpm("built", "swrel-hello", "1.0");
        var unsigned = File.ReadAllBytes(source);
        var published = Folder + "/" + Path.GetFileName(source);
        Directory.CreateDirectory(bench.PathOf(Folder));

        // As the executor publishes a package: read-only, and the same file as the name it was promoted from.
        PublicationBench.Run("chmod", ["0444", source], bench.Folder);
        PublicationBench.Run("ln", [source, bench.PathOf(published)], bench.Folder);

        var (code, output) = RefreshAsUnprivilegedOwner(bench);

        Assert.True(code == 0, $"the refresh failed: {output}");
        Assert.Equal(unsigned, File.ReadAllBytes(source));
        var signed = File.ReadAllBytes(bench.PathOf(published));
        Assert.NotEqual(unsigned, signed);
        Assert.Equal("444", PublicationBench.Run("stat", ["-c", "%a", bench.PathOf(published)], bench.Folder).Trim());
        var receipt = bench.PathOf(SigningReceipts.PathOf(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(signed)).ToLowerInvariant()));
        Assert.Contains(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(unsigned)).ToLowerInvariant(), File.ReadAllText(receipt), StringComparison.Ordinal);
        Assert.Empty(await new RepositoryPublisher(bench.Options).CheckAsync(bench.Root, RepositoryPath.Parse(Folder), CancellationToken.None));
    }

    /// <summary>
    /// Refreshes <see cref="Folder"/>'s index through the executor in a child process that is not root: as user nobody,
    /// owning the bench, when the tests run as root; else as the tests' own user.
    /// </summary>
    private static (int ExitCode, string Output) RefreshAsUnprivilegedOwner(PublicationBench bench)
    {
        // The agent the bench's key was made with belongs to this user; the child starts its own.
        PublicationBench.TryRun("gpgconf", ["--homedir", bench.GnuPgHome, "--kill", "all"], bench.Folder);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        string[] child = [typeof(RefreshIndexHost).Assembly.Location, RefreshIndexHost.Command, bench.Root, Folder, bench.GnuPgHome, PublicationBench.KeyUser];
        if (!Environment.IsPrivilegedProcess)
        {
            return PublicationBench.TryRun(dotnet, child, bench.Folder, ("HOME", bench.Folder));
        }

        PublicationBench.Run("chown", ["-R", "nobody:nogroup", bench.Folder], bench.Folder);
        return PublicationBench.TryRun(RequiredProgram.Setpriv.Path(), ["--reuid", "nobody", "--regid", "nogroup", "--clear-groups", "--", dotnet, .. child],
            bench.Folder, ("HOME", bench.Folder));
    }

    private static void BuildInto(PublicationBench bench, string version)
    {
        var rpm = bench.BuildRpm("built", "swrel-hello", version);
        Directory.CreateDirectory(bench.PathOf(Folder));
        File.Copy(rpm, bench.PathOf(Folder + "/" + Path.GetFileName(rpm)), overwrite: true);
    }

    private static SortedDictionary<string, string> Snapshot(string folder) => new(
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(folder, f),
            f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)))),
        StringComparer.Ordinal);
}
