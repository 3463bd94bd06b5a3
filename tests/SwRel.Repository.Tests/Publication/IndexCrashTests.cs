using System.IO.Compression;
using System.Xml.Linq;
using SwRel.Repository.Execution;
using SwRel.Repository.Planning;
using SwRel.Repository.Publication;
using SwRel.Repository.Tests.Execution;
using SwRel.Repository.Tests.Planning;
using SwRel.Repository.Tests.Transports;
using static SwRel.Domain.Workflow.RolloutProgress;

namespace SwRel.Repository.Tests.Publication;

/// <summary>
/// SPEC §11 and §15: the index and its signature are part of the crash-safe plan. A release is merged into a
/// production folder that already holds a signed release, and the run crashes at every disk operation from the moment
/// the new index is staged to the end of the run; after recovery the files and the index are both as before the run
/// or both as after it, SwRel's hash-chain check accepts the area and so does the real client.
/// </summary>
public sealed class IndexCrashTests
{
    [Fact]
    public async Task A_crash_at_any_point_of_a_yum_index_swap_leaves_files_and_index_before_or_after_and_dnf_accepts_them()
    {
        using var bench = new PublicationBench();
        var walk = new PublicationWalk(bench, Descriptors.Argus, "umd-4");
        bench.BuildRpm("provider", "swrel-hello", "1.7.3");
        var production = SeedProduction(bench, walk, () => bench.BuildRpm("old", "swrel-old", "1.0"));

        await CrashAtEveryPointOfTheSwapAsync(bench, walk, production, "repodata/", async (state, label) =>
        {
            var repoFile = walk.Layout.RepoFileContent(production, walk.Placement);
            foreach (var package in state == "after" ? new[] { "swrel-old", "swrel-hello" } : ["swrel-old"])
            {
                var (code, output) = RepositoryClients.DnfInstall(Path.Combine(bench.Folder, $"dnf-{label}-{package}"), repoFile, package);
                Assert.True(code == 0, $"{label}: dnf refused the {state} production repository for {package}: {output}");
            }

            await Task.CompletedTask;
        });
    }

    [Fact]
    public async Task A_crash_between_a_signed_package_swap_and_the_index_swap_leaves_the_package_unsigned_under_the_old_index_or_signed_under_the_new()
    {
        using var bench = new PublicationBench();
        var walk = new PublicationWalk(bench, Descriptors.Argus, "umd-4");
        bench.BuildRpm("provider", "swrel-hello", "1.7.3");
        var production = SeedProduction(bench, walk, () => bench.BuildRpm("old", "swrel-old", "1.0"));
        var source = bench.BuildRpm("legacy", "swrel-legacy", "0.9");
        var legacy = production.Value + "/" + Path.GetFileName(source);
        var unsigned = File.ReadAllBytes(source);
        PublishUnsigned(bench, walk, production, source, legacy);

        await CrashAtEveryPointOfTheSwapAsync(bench, walk, production, "repodata/", async (state, label) =>
        {
            var published = File.ReadAllBytes(bench.PathOf(legacy));
            if (state == "before")
            {
                Assert.Equal(unsigned, published);
            }
            else
            {
                Assert.NotEqual(unsigned, published);
                Assert.True(File.Exists(bench.PathOf(SigningReceipts.PathOf(Sha256(published)))), $"{label}: the signed package has no receipt");
            }

            var repoFile = walk.Layout.RepoFileContent(production, walk.Placement);
            foreach (var package in state == "after" ? new[] { "swrel-old", "swrel-hello", "swrel-legacy" } : ["swrel-old"])
            {
                var (code, output) = RepositoryClients.DnfInstall(Path.Combine(bench.Folder, $"dnf-{label}-{package}"), repoFile, package);
                Assert.True(code == 0, $"{label}: dnf refused the {state} production repository for {package}: {output}");
            }

            await Task.CompletedTask;
        }, resigned: path => path == legacy || path.StartsWith(SigningReceipts.Folder + "/", StringComparison.Ordinal),
        afterMeasuredRun: () =>
        {
            // The copy was signed: the published name has a new read-only file, the name it was linked from keeps the provider's bytes.
            Assert.Equal(unsigned, File.ReadAllBytes(source));
            Assert.NotEqual(unsigned, File.ReadAllBytes(bench.PathOf(legacy)));
            Assert.NotEqual(Inode(source), Inode(bench.PathOf(legacy)));
            Assert.Equal("444", Stat(bench.PathOf(legacy), "%a"));
        });
    }

    [Fact]
    public async Task A_crash_at_any_point_of_an_apt_index_swap_leaves_files_and_index_before_or_after_and_apt_get_accepts_them()
    {
        using var bench = new PublicationBench();
        using var server = new LocalHttpServer();
        var walk = new PublicationWalk(bench, Descriptors.Squeeze, "umd-3", server.Url(""));
        bench.BuildDeb("provider", "swrel-hola", "2.2.10");
        var production = SeedProduction(bench, walk, () => bench.BuildDeb("old", "swrel-old", "1.0"));
        var list = $"deb [signed-by={PublishedKeys.AptKeyringLocation}] {walk.BaseUrl}sw/production/umd/3/debian squeeze main\n";

        await CrashAtEveryPointOfTheSwapAsync(bench, walk, production, "dists/", async (state, label) =>
        {
            PublishedRepositoryTests.Serve(server, bench.Root);
            foreach (var package in state == "after" ? new[] { "swrel-old", "swrel-hola" } : ["swrel-old"])
            {
                var work = Path.Combine(bench.Folder, $"apt-{label}-{package}");
                var (code, output) = RepositoryClients.AptDownload(work, list, bench.PathOf(PublishedKeys.KeyringPath), package);
                Assert.True(code == 0, $"{label}: apt-get refused the {state} production repository for {package}: {output}");
            }

            await Task.CompletedTask;
        });
    }

    /// <summary>Walks the release to stage rollout and puts an older, signed release into its production folder.</summary>
    private static RepositoryPath SeedProduction(PublicationBench bench, PublicationWalk walk, Func<string> buildOld)
    {
        walk.ApplyAsync(Submitted, Unverified).GetAwaiter().GetResult();
        walk.ApplyAsync(Unverified, StageRollout).GetAwaiter().GetResult();
        var production = walk.Plan(StageRollout, Production).Target!.Value;
        var old = buildOld();
        Directory.CreateDirectory(bench.PathOf(production.Value));
        File.Copy(old, bench.PathOf(production.Value + "/" + Path.GetFileName(old)));
        walk.Publisher.PublishAsync(bench.Root, production, CancellationToken.None).GetAwaiter().GetResult();
        return production;
    }

    /// <summary>
    /// Puts a package that SwRel never signed into the production folder, as a hard link of <paramref name="source"/>,
    /// under a signed index that lists it unsigned (as an older publisher left it).
    /// </summary>
    private static void PublishUnsigned(PublicationBench bench, PublicationWalk walk, RepositoryPath production, string source, string published)
    {
        PublicationBench.Run("ln", [source, bench.PathOf(published)], bench.Folder);

        // A receipt for its own bytes makes the publisher index it as it is; without it the next run signs it.
        var receipt = bench.PathOf(SigningReceipts.PathOf(Sha256(File.ReadAllBytes(source))));
        Directory.CreateDirectory(Path.GetDirectoryName(receipt)!);
        File.WriteAllText(receipt, "{}");
        walk.Publisher.PublishAsync(bench.Root, production, CancellationToken.None).GetAwaiter().GetResult();
        File.Delete(receipt);
        Assert.Equal(Inode(source), Inode(bench.PathOf(published)));
    }

    private static async Task CrashAtEveryPointOfTheSwapAsync(
        PublicationBench bench, PublicationWalk walk, RepositoryPath production, string indexMarker, Func<string, string, Task> clientAccepts,
        Func<string, bool>? resigned = null, Action? afterMeasuredRun = null)
    {
        resigned ??= _ => false;
        var template = Path.Combine(bench.Folder, "template");
        TreeSnapshot.CopyTree(bench.Root, template);
        var before = TreeSnapshot.Take(bench.Root);
        var plan = walk.Plan(StageRollout, Production);
        using var client = new HttpClient();

        var counting = new FaultyFileSystem(int.MaxValue);
        var measured = new StagerProbe(walk.Handler(client), () => counting.Operations);
        Assert.True((await new PlanExecutor(measured, counting.For).ApplyAsync(plan, bench.Root, CancellationToken.None)).Succeeded);
        afterMeasuredRun?.Invoke();
        var after = TreeSnapshot.Take(bench.Root);
        var firstSwap = measured.OperationsWhenStaged!.Value;
        Assert.True(counting.Operations > firstSwap, "the run should change the tree after staging the index");
        Assert.Contains(after.Entries.Keys, k => k.StartsWith(production.Value + "/swrel-h", StringComparison.Ordinal) && IsPackage(k));
        var (sawBefore, sawAfter) = (false, false);

        for (var crashAt = firstSwap; crashAt < counting.Operations; crashAt++)
        {
            Restore(template, bench.Root);
            var faulty = new FaultyFileSystem(crashAt);
            try
            {
                await new PlanExecutor(walk.Handler(client), faulty.For).ApplyAsync(plan, bench.Root, CancellationToken.None);
            }
            catch (Exception e) when (e is IOException or PlanExecutionException)
            {
            }

            Assert.True(faulty.Crashed, $"the run should have crashed at operation {crashAt}");
            var recovery = await new PlanExecutor().RecoverAsync(bench.Root, CancellationToken.None);
            var now = TreeSnapshot.Take(bench.Root);
            var label = $"crash at operation {crashAt} of {counting.Operations} ({recovery})";
            string state;
            if (now.SameAs(before))
            {
                state = "before";
                sawBefore = true;
            }
            else
            {
                // A new index is signed anew by every run, so only its files are compared; the chain check and the
                // package list below say that it is the index of the files beside it.
                Assert.True(WithoutIndex(now, indexMarker, resigned).SameAs(WithoutIndex(after, indexMarker, resigned)), $"{label} left a mixed tree:\n{now}\n--- before:\n{before}\n--- after:\n{after}");
                state = "after";
                sawAfter = true;
            }

            Assert.Empty(await walk.Publisher.CheckAsync(bench.Root, production, CancellationToken.None));
            Assert.Equal(PackagesIn(bench, production), IndexedPackages(bench, production, indexMarker));
            await clientAccepts(state, crashAt.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.True(sawBefore && sawAfter, "crashes should have produced both rolled-back and completed runs");
    }

    private static void Restore(string template, string root)
    {
        Directory.Delete(root, recursive: true);
        TreeSnapshot.CopyTree(template, root);
    }

    /// <summary>
    /// The snapshot with the index's files left out; of what each run signs anew, the packages are kept without their
    /// contents and the receipts, named by those contents, are left out.
    /// </summary>
    private static TreeSnapshot WithoutIndex(TreeSnapshot snapshot, string indexMarker, Func<string, bool> resigned) =>
        new(new SortedDictionary<string, string>(
            snapshot.Entries
                .Where(e => (!e.Key.Contains(indexMarker, StringComparison.Ordinal) || IsPackage(e.Key)) && !(resigned(e.Key) && !IsPackage(e.Key)))
                .ToDictionary(e => e.Key, e => resigned(e.Key) ? "<signed>" : e.Value),
            StringComparer.Ordinal));

    private static string Sha256(byte[] content) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(content)).ToLowerInvariant();

    private static string Inode(string path) => Stat(path, "%i");

    /// <summary>Reads one field of a file's status with coreutils' <c>stat</c>.</summary>
    private static string Stat(string path, string format) => PublicationBench.Run("stat", ["-c", format, path], Path.GetDirectoryName(path)!).Trim();

    private static bool IsPackage(string path) => path.EndsWith(".rpm", StringComparison.Ordinal) || path.EndsWith(".deb", StringComparison.Ordinal);

    private static List<string> PackagesIn(PublicationBench bench, RepositoryPath folder) =>
        [.. Directory.GetFiles(bench.PathOf(folder.Value)).Select(f => Path.GetFileName(f)).Where(IsPackage).Order(StringComparer.Ordinal)];

    /// <summary>The file names the published index lists: yum's primary metadata, or the binary folder's <c>Packages</c>.</summary>
    private static List<string> IndexedPackages(PublicationBench bench, RepositoryPath folder, string indexMarker)
    {
        var path = bench.PathOf(folder.Value);
        if (indexMarker == "dists/")
        {
            return [.. File.ReadAllLines(Path.Combine(path, "Packages"))
                .Where(l => l.StartsWith("Filename:", StringComparison.Ordinal))
                .Select(l => Path.GetFileName(l["Filename:".Length..].Trim()))
                .Order(StringComparer.Ordinal)];
        }

        XNamespace repo = "http://linux.duke.edu/metadata/repo";
        XNamespace common = "http://linux.duke.edu/metadata/common";
        var repomd = XDocument.Load(Path.Combine(path, "repodata/repomd.xml"));
        var primary = repomd.Root!.Elements(repo + "data").Single(d => (string?)d.Attribute("type") == "primary").Element(repo + "location")!.Attribute("href")!.Value;
        using var gz = new GZipStream(File.OpenRead(Path.Combine(path, primary)), CompressionMode.Decompress);
        return [.. XDocument.Load(gz).Root!.Elements(common + "package")
            .Select(p => Path.GetFileName(p.Element(common + "location")!.Attribute("href")!.Value))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The real handler, noting how many disk operations the run had made when the index was staged.</summary>
    private sealed class StagerProbe(ReleaseStepHandler inner, Func<int> operations) : IPlanStepHandler, IIndexStager
    {
        public int? OperationsWhenStaged { get; private set; }

        public bool CanHandle(string kind) => inner.CanHandle(kind);

        public ValueTask<string> HandleAsync(PlanStepContext context, CancellationToken cancellationToken) => inner.HandleAsync(context, cancellationToken);

        public Task<StagedIndex?> StageIndexAsync(string root, RefreshIndexStep step, string staging, CancellationToken cancellationToken)
        {
            OperationsWhenStaged = operations();
            return ((IIndexStager)inner).StageIndexAsync(root, step, staging, cancellationToken);
        }
    }
}
