namespace SwRel.Metadata.Tests.Releases;

/// <summary>The sample descriptors copied into the test output, and helpers to vary them.</summary>
internal static class ReleaseTestData
{
    public const string Argus = "INFN.argus.centos7.x86_64-1.7.3.xml";
    public const string NrmsMinimal = "nrms-minimal.xml";

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Releases", name);

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    /// <summary>The argus sample with one piece of text replaced (the replaced text must occur exactly once).</summary>
    public static string ArgusWith(string oldText, string newText) => Replace(Text(Argus), oldText, newText);

    /// <summary>The NRMS sample with one piece of text replaced (the replaced text must occur exactly once).</summary>
    public static string NrmsWith(string oldText, string newText) => Replace(Text(NrmsMinimal), oldText, newText);

    private static string Replace(string text, string oldText, string newText)
    {
        var at = text.IndexOf(oldText, StringComparison.Ordinal);
        Assert.True(at >= 0, $"test data does not contain '{oldText}'");
        Assert.True(text.IndexOf(oldText, at + 1, StringComparison.Ordinal) < 0, $"test data contains '{oldText}' more than once");
        return string.Concat(text.AsSpan(0, at), newText, text.AsSpan(at + oldText.Length));
    }
}
