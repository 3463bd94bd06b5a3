using SwRel.Fuzz;

namespace SwRel.Fuzz.Tests;

public sealed class ReplayTests
{
    public static TheoryData<string, string, string> Inputs => FuzzInputs.All();

    // Issue 9: "the tests replay the corpus and every crash found, deterministically". A target lets through only the
    // outcomes the reader documents for bad input, and checks the result is well formed (FuzzInvariantException if not).
    [Theory]
    [MemberData(nameof(Inputs))]
    public void Every_kept_input_has_a_documented_outcome_and_a_well_formed_result(string target, string folder, string file)
    {
        var fuzzTarget = FuzzTarget.Find(target);
        Assert.NotNull(fuzzTarget);
        var input = FuzzInputs.Read(folder, target, file);

        var escaped = Record.Exception(() => fuzzTarget.Run(input));

        Assert.True(escaped is null, $"fuzz/{folder}/{target}/{file} ({input.Length} bytes): {escaped}");
    }

    [Fact]
    public void Every_target_has_a_seed_corpus_and_every_kept_folder_belongs_to_a_target()
    {
        var names = FuzzTarget.All.Select(t => t.Name).ToArray();
        Assert.Equal(names.Order(StringComparer.Ordinal), FuzzInputs.Folders(FuzzInputs.Corpus).Order(StringComparer.Ordinal));
        Assert.All(FuzzInputs.Folders(FuzzInputs.Findings), folder => Assert.Contains(folder, names));
        Assert.All(names, name => Assert.True(FuzzInputs.Files(FuzzInputs.Corpus, name).Count() >= 5, $"the {name} corpus has fewer than 5 seeds"));
    }

    [Fact]
    public void Seeds_are_small_so_that_the_fuzzer_mutates_them_quickly()
    {
        foreach (var target in FuzzTarget.All)
        {
            Assert.All(
                FuzzInputs.Files(FuzzInputs.Corpus, target.Name),
                file => Assert.True(FuzzInputs.Read(FuzzInputs.Corpus, target.Name, file).Length <= 8 * 1024, $"{target.Name}/{file} is over 8 KiB"));
        }
    }
}
