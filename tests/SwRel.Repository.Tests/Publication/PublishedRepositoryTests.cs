using SwRel.Domain.Tickets;
using SwRel.Metadata.Checksums;
using SwRel.Metadata.Releases;
using SwRel.Repository.Execution;
using SwRel.Repository.Layout;
using SwRel.Repository.Planning;
using SwRel.Repository.Tests.Execution;
using SwRel.Repository.Publication;
using SwRel.Repository.Tests.Planning;
using SwRel.Repository.Tests.Transports;
using SwRel.Repository.Transports;
using static SwRel.Domain.Workflow.RolloutProgress;

namespace SwRel.Repository.Tests.Publication;

/// <summary>
/// SPEC §15: after a release enters an area, that area is a signed repository that dnf and apt-get accept, and a
/// package or index changed after signing is refused by both clients and by SwRel's own hash-chain check.
/// </summary>
public sealed class PublishedRepositoryTests
{
    private const string YumPackage = "swrel-hello";
    private const string AptPackage = "swrel-hola";

    [Fact]
    public async Task Dnf_installs_a_yum_release_from_every_area_it_enters()
    {
        using var bench = new PublicationBench();
        var walk = new PublicationWalk(bench, Descriptors.Argus, "umd-4");
        bench.BuildRpm("provider", YumPackage, "1.7.3");

        foreach (var (from, to) in new[] { (Submitted, Unverified), (Unverified, StageRollout), (StageRollout, Production) })
        {
            var plan = await walk.ApplyAsync(from, to);

            var repoFile = to == Production ? ProductionRepoFile(walk, plan.Target!.Value) : WrittenRepoFile(bench, plan);
            Assert.Contains("gpgcheck=1\nrepo_gpgcheck=1\n", repoFile, StringComparison.Ordinal);
            var work = Path.Combine(bench.Folder, "dnf-" + to);
            var (code, output) = RepositoryClients.DnfInstall(work, repoFile, YumPackage);
            Assert.True(code == 0, $"dnf refused the {to} repository: {output}");
            Assert.Equal("1.7.3\n", File.ReadAllText(Path.Combine(work, "root/usr/share", YumPackage, "version")));
            Assert.Empty(await walk.Publisher.CheckAsync(bench.Root, plan.Target!.Value, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Apt_get_downloads_an_apt_release_from_every_area_it_enters()
    {
        using var bench = new PublicationBench();
        using var server = new LocalHttpServer();
        var walk = new PublicationWalk(bench, Descriptors.Squeeze, "umd-3", server.Url(""));
        bench.BuildDeb("provider", AptPackage, "2.2.10");

        foreach (var (from, to) in new[] { (Submitted, Unverified), (Unverified, StageRollout), (StageRollout, Production) })
        {
            var plan = await walk.ApplyAsync(from, to);

            // Production is the dists/ layout: sites name the family folder, the suite and the component.
            var list = to == Production
                ? $"deb [signed-by={PublishedKeys.AptKeyringLocation}] {walk.BaseUrl}sw/production/umd/3/debian squeeze main\n"
                : WrittenRepoFile(bench, plan);
            Assert.Contains($"[signed-by={PublishedKeys.AptKeyringLocation}]", list, StringComparison.Ordinal);
            var work = Path.Combine(bench.Folder, "apt-" + to);
            Serve(server, bench.Root);
            var (code, output) = RepositoryClients.AptDownload(work, list, bench.PathOf(PublishedKeys.KeyringPath), AptPackage);
            Assert.True(code == 0, $"apt-get refused the {to} repository: {output}");
            Assert.True(File.Exists(Path.Combine(work, "var/cache/apt/archives", AptPackage + "_2.2.10_all.deb")), output);
            Assert.Empty(await walk.Publisher.CheckAsync(bench.Root, plan.Target!.Value, CancellationToken.None));
        }
    }

    [Fact]
    public async Task A_yum_package_or_index_changed_after_signing_is_refused_by_dnf_and_by_the_chain_check()
    {
        using var bench = new PublicationBench();
        var walk = new PublicationWalk(bench, Descriptors.Argus, "umd-4");
        bench.BuildRpm("provider", YumPackage, "1.7.3");
        var plan = await walk.ApplyAsync(Submitted, Unverified);
        var folder = plan.Target!.Value;
        var repoFile = WrittenRepoFile(bench, plan);
        var rpm = bench.PathOf(folder.Value + "/" + YumPackage + "-1.7.3-1.noarch.rpm");
        var original = File.ReadAllBytes(rpm);

        File.AppendAllText(rpm, "tampered");

        var problems = await walk.Publisher.CheckAsync(bench.Root, folder, CancellationToken.None);
        Assert.Contains(problems, p => p.Contains(YumPackage + "-1.7.3-1.noarch.rpm", StringComparison.Ordinal) && p.Contains("SHA256", StringComparison.Ordinal));
        var (code, output) = RepositoryClients.DnfInstall(Path.Combine(bench.Folder, "dnf-package"), repoFile, YumPackage);
        Assert.True(code != 0, $"dnf installed a tampered package: {output}");

        File.WriteAllBytes(rpm, original);
        var repomd = bench.PathOf(folder.Value + "/repodata/repomd.xml");
        File.WriteAllText(repomd, File.ReadAllText(repomd).Replace("<revision>", "<revision>1", StringComparison.Ordinal));

        problems = await walk.Publisher.CheckAsync(bench.Root, folder, CancellationToken.None);
        Assert.Contains(problems, p => p.Contains("repomd.xml.asc", StringComparison.Ordinal));
        (code, output) = RepositoryClients.DnfInstall(Path.Combine(bench.Folder, "dnf-index"), repoFile, YumPackage);
        Assert.True(code != 0, $"dnf accepted a tampered index: {output}");
    }

    [Fact]
    public async Task An_apt_package_or_index_changed_after_signing_is_refused_by_apt_get_and_by_the_chain_check()
    {
        using var bench = new PublicationBench();
        using var server = new LocalHttpServer();
        var walk = new PublicationWalk(bench, Descriptors.Squeeze, "umd-3", server.Url(""));
        bench.BuildDeb("provider", AptPackage, "2.2.10");
        var plan = await walk.ApplyAsync(Submitted, Unverified);
        var folder = plan.Target!.Value;
        var list = WrittenRepoFile(bench, plan);
        var keyring = bench.PathOf(PublishedKeys.KeyringPath);
        var deb = bench.PathOf(folder.Value + "/" + AptPackage + "_2.2.10_all.deb");
        var original = File.ReadAllBytes(deb);

        File.AppendAllText(deb, "tampered");

        var problems = await walk.Publisher.CheckAsync(bench.Root, folder, CancellationToken.None);
        Assert.Contains(problems, p => p.Contains(AptPackage + "_2.2.10_all.deb", StringComparison.Ordinal));
        Serve(server, bench.Root);
        var (code, output) = RepositoryClients.AptDownload(Path.Combine(bench.Folder, "apt-package"), list, keyring, AptPackage);
        Assert.True(code != 0, $"apt-get downloaded a tampered package: {output}");

        File.WriteAllBytes(deb, original);
        var packages = bench.PathOf(folder.Value + "/Packages");
        var listed = Listed(bench, folder);
        var tampered = File.ReadAllText(packages).Replace("Version: 2.2.10", "Version: 2.2.11", StringComparison.Ordinal);
        File.WriteAllText(packages, tampered);
        using (var gz = new System.IO.Compression.GZipStream(File.Create(packages + ".gz"), System.IO.Compression.CompressionLevel.Optimal))
        {
            gz.Write(System.Text.Encoding.UTF8.GetBytes(tampered));
        }

        problems = await walk.Publisher.CheckAsync(bench.Root, folder, CancellationToken.None);
        Assert.Contains($"{packages}: its SHA256 is {Sha256(packages)}, but InRelease says {listed}", problems);
        Serve(server, bench.Root);
        (code, output) = RepositoryClients.AptDownload(Path.Combine(bench.Folder, "apt-index"), list, keyring, AptPackage);
        Assert.True(code != 0, $"apt-get accepted a tampered index: {output}");
    }

    [Fact]
    public async Task Re_applying_a_signed_stage_rollout_plan_succeeds_and_leaves_a_repository_that_checks_out()
    {
        using var bench = new PublicationBench();
        var walk = new PublicationWalk(bench, Descriptors.Argus, "umd-4");
        bench.BuildRpm("provider", YumPackage, "1.7.3");
        await walk.ApplyAsync(Submitted, Unverified);
        var plan = await walk.ApplyAsync(Unverified, StageRollout);

        await walk.ApplyAsync(Unverified, StageRollout);

        Assert.Empty(await walk.Publisher.CheckAsync(bench.Root, plan.Target!.Value, CancellationToken.None));
    }

    internal static void Serve(LocalHttpServer server, string root)
    {
        server.Files.Clear();
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Where(f => !TreeSnapshot.IsLockFile(root, f)))
        {
            server.Files[Path.GetRelativePath(root, file).Replace('\\', '/')] = File.ReadAllBytes(file);
        }
    }

    internal static string Sha256(string path) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();

    private static string Listed(PublicationBench bench, RepositoryPath folder) =>
        File.ReadAllLines(bench.PathOf(folder.Value + "/Release")).SkipWhile(l => l != "SHA256:").Skip(1)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).First(p => p.Length == 3 && p[2] == "Packages")[0];

    private static string WrittenRepoFile(PublicationBench bench, RepositoryPlan plan) =>
        File.ReadAllText(bench.PathOf(plan.Steps.OfType<WriteRepoFileStep>().Single().Path.Value));

    private static string ProductionRepoFile(PublicationWalk walk, RepositoryPath production) =>
        walk.Layout.RepoFileContent(production, walk.Placement);
}
