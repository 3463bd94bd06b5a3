using System.Text.RegularExpressions;
using SwRel.Tests;

namespace SwRel.Cli.Tests;

public sealed partial class UserMessageTests
{
    // Users do not have the project's specification, so a message that cites "SPEC §n" points them nowhere. Comments
    // and XML docs may cite it; string literals (messages, help text) may not.
    [Fact]
    public void No_string_in_the_sources_cites_the_specification()
    {
        var offenders = new List<string>();
        var src = Path.Combine(RepositoryRoot.Find(), "src");
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = lines[i].TrimStart();
                if (!code.StartsWith("//", StringComparison.Ordinal) && StringWithSpec().IsMatch(code))
                {
                    offenders.Add($"{Path.GetRelativePath(src, file)}:{i + 1}: {code}");
                }
            }
        }

        Assert.True(offenders.Count == 0, string.Join('\n', offenders));
    }

    [GeneratedRegex("\"[^\"]*SPEC §")]
    private static partial Regex StringWithSpec();
}
