using SwRel.Metadata.Releases;

namespace SwRel.Metadata.Tests.Releases;

public sealed class ReleaseMetadataErrorTests
{
    [Fact]
    public void An_error_formats_as_line_col_message_and_a_warning_says_so()
    {
        Assert.Equal("3:7: bad", new ReleaseMetadataError(3, 7, "bad").ToString());
        Assert.Equal("3:7: warning: odd", new ReleaseMetadataError(3, 7, "odd", ReleaseMetadataSeverity.Warning).ToString());
    }

    [Fact]
    public void The_exception_takes_its_location_from_the_first_error_and_keeps_them_all()
    {
        var errors = new[] { new ReleaseMetadataError(4, 2, "first"), new ReleaseMetadataError(9, 1, "second") };

        var e = new ReleaseMetadataException(errors);

        Assert.Equal((4, 2), (e.Line, e.Column));
        Assert.Equal(errors, e.Errors);
        Assert.Equal("release.xml is invalid at line 4, column 2: first (and 1 more)", e.Message);
    }

    [Fact]
    public void The_exception_needs_at_least_one_error() =>
        Assert.Throws<ArgumentException>(() => new ReleaseMetadataException([]));

    [Fact]
    public void WriteFile_replaces_the_file_with_a_complete_document()
    {
        var folder = Directory.CreateTempSubdirectory("swrel-write-").FullName;
        try
        {
            var path = Path.Combine(folder, "release.xml");
            File.WriteAllText(path, "old content");
            var d = ReleaseDescriptorReader.ReadFile(ReleaseTestData.PathOf(ReleaseTestData.NrmsMinimal)).GetDescriptorOrThrow();

            ReleaseDescriptorWriter.WriteFile(d, path);

            Assert.Equal(d, ReleaseDescriptorReader.ReadFile(path).GetDescriptorOrThrow());
            Assert.Equal(["release.xml"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
