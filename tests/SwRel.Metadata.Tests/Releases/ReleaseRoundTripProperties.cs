using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SwRel.Metadata.Releases;

namespace SwRel.Metadata.Tests.Releases;

public sealed class ReleaseRoundTripProperties
{
    // Issue: "writing then reading gives the same descriptor" (parse ∘ write is the identity on normal-form descriptors).
    [Property(MaxTest = 200)]
    public Property Writing_then_reading_gives_the_same_descriptor() =>
        Prop.ForAll(ReleaseDescriptorGenerators.Any.ToArbitrary(), descriptor =>
        {
            var xml = ReleaseDescriptorWriter.WriteToString(descriptor);
            var result = ReleaseDescriptorReader.Parse(xml);
            return (result.IsValid && descriptor.Equals(result.Descriptor))
                .Label($"errors: {string.Join("; ", result.Errors)}\n{xml}");
        });

    [Property(MaxTest = 50)]
    public Property Writing_to_a_stream_then_reading_the_bytes_gives_the_same_descriptor() =>
        Prop.ForAll(ReleaseDescriptorGenerators.Any.ToArbitrary(), descriptor =>
        {
            using var stream = new MemoryStream();
            ReleaseDescriptorWriter.Write(descriptor, stream);
            stream.Position = 0;
            var result = ReleaseDescriptorReader.Read(stream);
            return result.IsValid && descriptor.Equals(result.Descriptor);
        });

    [Property(MaxTest = 50)]
    public Property Written_descriptors_produce_no_warnings_when_names_agree() =>
        Prop.ForAll(ReleaseDescriptorGenerators.RepoEgi02.ToArbitrary(), descriptor =>
        {
            var normal = descriptor with { TechnologyProviderShortName = descriptor.ProductShortName.Split('.')[0] };
            var result = ReleaseDescriptorReader.Parse(ReleaseDescriptorWriter.WriteToString(normal));
            return result.Errors.Count == 0 || result.Errors.All(e => e.Message.StartsWith("incremental is empty", StringComparison.Ordinal));
        });

    [Property(MaxTest = 100)]
    public Property Equal_descriptors_have_equal_hash_codes_and_copies_are_equal() =>
        Prop.ForAll(ReleaseDescriptorGenerators.Any.ToArbitrary(), descriptor =>
        {
            var copy = descriptor with { Packages = [.. descriptor.Packages], DocumentationLinks = [.. descriptor.DocumentationLinks] };
            return copy.Equals(descriptor) && copy.GetHashCode() == descriptor.GetHashCode() && (descriptor.Packages.IsEmpty || copy.Packages != descriptor.Packages);
        });

    [Fact]
    public void Descriptors_that_differ_in_one_package_are_not_equal()
    {
        var d = ReleaseDescriptorReader.ReadFile(ReleaseTestData.PathOf(ReleaseTestData.Argus)).GetDescriptorOrThrow();
        var changed = d with { Packages = d.Packages.SetItem(1, d.Packages[1] with { Version = "1.7.4" }) };

        Assert.NotEqual(d, changed);
    }

    [Fact]
    public void The_examples_survive_a_round_trip_through_the_writer()
    {
        foreach (var name in new[] { ReleaseTestData.Argus, ReleaseTestData.NrmsMinimal })
        {
            var original = ReleaseDescriptorReader.ReadFile(ReleaseTestData.PathOf(name)).GetDescriptorOrThrow();

            var again = ReleaseDescriptorReader.Parse(ReleaseDescriptorWriter.WriteToString(original)).GetDescriptorOrThrow();

            Assert.Equal(original, again);
        }
    }

    [Fact]
    public void Release_notes_with_markup_are_escaped_and_come_back_unescaped()
    {
        var d = ReleaseDescriptorReader.ReadFile(ReleaseTestData.PathOf(ReleaseTestData.Argus)).GetDescriptorOrThrow()
            with { ReleaseNotes = "<ul><li>fixed &amp; improved</li></ul> ]]> done" };

        var xml = ReleaseDescriptorWriter.WriteToString(d);

        Assert.Contains("&lt;ul&gt;&lt;li&gt;fixed &amp;amp; improved", xml, StringComparison.Ordinal);
        Assert.Equal(d.ReleaseNotes, ReleaseDescriptorReader.Parse(xml).GetDescriptorOrThrow().ReleaseNotes);
    }

    [Fact]
    public void A_value_with_a_control_character_is_refused_before_anything_is_written()
    {
        var d = ReleaseDescriptorReader.ReadFile(ReleaseTestData.PathOf(ReleaseTestData.Argus)).GetDescriptorOrThrow()
            with { Description = "bell\u0007" };
        using var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => ReleaseDescriptorWriter.Write(d, stream));
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void A_descriptor_can_be_written_in_the_other_dialect()
    {
        var d = ReleaseDescriptorReader.ReadFile(ReleaseTestData.PathOf(ReleaseTestData.Argus)).GetDescriptorOrThrow();

        var nrms = ReleaseDescriptorReader.Parse(ReleaseDescriptorWriter.WriteToString(d, ReleaseDialect.Nrms2010)).GetDescriptorOrThrow();

        Assert.Equal(ReleaseDialect.Nrms2010, nrms.Dialect);
        Assert.Equal(d.ProductShortName, nrms.ProductShortName);
        Assert.Equal(d.Version, nrms.Version);
        Assert.Equal(d.Repositories[0].Identifier, nrms.Repositories[0].Identifier);
    }
}
