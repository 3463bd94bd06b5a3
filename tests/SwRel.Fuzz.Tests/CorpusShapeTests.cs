using SwRel.Domain.Requests;
using SwRel.Fuzz;
using SwRel.Metadata.Checksums;
using SwRel.Metadata.Releases;
using SwRel.Repository.Planning;

namespace SwRel.Fuzz.Tests;

// A seed corpus is only useful when it reaches both sides of each reader: inputs it accepts (so that mutations explore
// the paths past validation) and inputs it refuses (so that the error paths are covered from the first run).
public sealed class CorpusShapeTests
{
    private static IEnumerable<(string File, byte[] Bytes)> Seeds(string target) =>
        FuzzInputs.Files(FuzzInputs.Corpus, target).Select(f => (f, FuzzInputs.Read(FuzzInputs.Corpus, target, f)));

    [Fact]
    public void The_release_corpus_holds_valid_descriptors_of_both_dialects_and_refused_documents()
    {
        var results = Seeds("release").Select(s => ReleaseDescriptorReader.Read(new MemoryStream(s.Bytes))).ToArray();

        Assert.Contains(results, r => r.IsValid && r.Dialect == ReleaseDialect.Nrms2010);
        Assert.Contains(results, r => r.IsValid && r.Dialect == ReleaseDialect.RepoEgi02);
        Assert.Contains(results, r => !r.IsValid && r.Dialect == ReleaseDialect.Nrms2010);
        Assert.Contains(results, r => !r.IsValid && r.Dialect == ReleaseDialect.RepoEgi02);
        Assert.Contains(results, r => !r.IsValid && r.Dialect is null);
    }

    [Fact]
    public void The_manifest_corpus_holds_every_format_the_reader_reads_and_refused_manifests()
    {
        var results = Seeds("manifest").Select(s => ChecksumManifestReader.Read(new MemoryStream(s.Bytes))).ToArray();

        Assert.Equal(
            Enum.GetValues<ManifestFormat>(),
            results.Where(r => r.Succeeded).Select(r => r.Manifest!.Format).Distinct().Order());
        Assert.Contains(results, r => !r.Succeeded);
    }

    [Fact]
    public void The_plan_corpus_holds_plans_that_read_and_plans_that_are_refused()
    {
        var read = 0;
        var refused = 0;
        foreach (var (_, bytes) in Seeds("plan"))
        {
            try
            {
                RepositoryPlanJson.ParseAll(FuzzInput.Text(bytes));
                read++;
            }
            catch (RepositoryPlanFormatException)
            {
                refused++;
            }
        }

        Assert.True(read >= 3, $"{read} seeds read as plans");
        Assert.True(refused >= 3, $"{refused} seeds are refused");
    }

    [Fact]
    public void The_request_corpus_holds_valid_and_refused_bodies_in_both_encodings()
    {
        var seeds = Seeds("request").ToArray();
        var forms = seeds.Where(s => !s.File.EndsWith(".json", StringComparison.Ordinal)).Select(s => TransitionRequestParser.ParseForm(FuzzInput.Text(s.Bytes))).ToArray();
        var jsons = seeds.Where(s => s.File.EndsWith(".json", StringComparison.Ordinal)).Select(s => TransitionRequestParser.ParseJson(s.Bytes)).ToArray();

        Assert.Contains(forms, r => r.IsValid);
        Assert.Contains(forms, r => !r.IsValid);
        Assert.Contains(jsons, r => r.IsValid);
        Assert.Contains(jsons, r => !r.IsValid);
    }
}
