using System.Globalization;
using System.Text;
using System.Xml;

namespace SwRel.Metadata.Releases;

/// <summary>Writes a <see cref="ReleaseDescriptor"/> as a <c>release.xml</c> in either dialect (SPEC §8).</summary>
/// <remarks>
/// <para>The output is UTF-8 without a byte order mark, indented with tabs, shaped as the EGI release tooling wrote
/// descriptors. Reading it back with <see cref="ReleaseDescriptorReader"/> gives an equal descriptor when the descriptor is
/// in the dialect's normal form: text without leading or trailing XML white space, and the fields the dialect does not carry
/// left <see langword="null"/> or empty (see <c>docs/dialects.md</c>). Carriage returns, tabs and line feeds inside values are
/// written as character references so that they survive.</para>
/// <para>The whole document is produced in memory before anything reaches the destination: a descriptor that cannot be
/// written leaves the destination untouched. Thread safety: every method is safe to call concurrently.</para>
/// </remarks>
public static class ReleaseDescriptorWriter
{
    /// <summary>Writes the descriptor to a stream as UTF-8 (the stream is not closed).</summary>
    /// <param name="descriptor">The descriptor.</param>
    /// <param name="stream">The destination.</param>
    /// <param name="dialect">The dialect to write; the descriptor's own <see cref="ReleaseDescriptor.Dialect"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A value holds a character XML cannot carry, or a version part is negative.</exception>
    /// <exception cref="IOException">The stream cannot be written.</exception>
    public static void Write(ReleaseDescriptor descriptor, Stream stream, ReleaseDialect? dialect = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var bytes = Encoding.UTF8.GetBytes(WriteToString(descriptor, dialect));
        stream.Write(bytes);
    }

    /// <summary>Writes the descriptor to a text writer.</summary>
    /// <param name="descriptor">The descriptor.</param>
    /// <param name="writer">The destination.</param>
    /// <param name="dialect">The dialect to write; the descriptor's own <see cref="ReleaseDescriptor.Dialect"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A value holds a character XML cannot carry, or a version part is negative.</exception>
    public static void Write(ReleaseDescriptor descriptor, TextWriter writer, ReleaseDialect? dialect = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(WriteToString(descriptor, dialect));
    }

    /// <summary>Writes the descriptor to a file, replacing it only once the document is complete.</summary>
    /// <param name="descriptor">The descriptor.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <param name="dialect">The dialect to write; the descriptor's own <see cref="ReleaseDescriptor.Dialect"/> when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="descriptor"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or a value holds a character XML cannot carry.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be written.</exception>
    public static void WriteFile(ReleaseDescriptor descriptor, string path, ReleaseDialect? dialect = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = Encoding.UTF8.GetBytes(WriteToString(descriptor, dialect));
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes the descriptor to a string (with an XML declaration that names UTF-8).</summary>
    /// <param name="descriptor">The descriptor.</param>
    /// <param name="dialect">The dialect to write; the descriptor's own <see cref="ReleaseDescriptor.Dialect"/> when <see langword="null"/>.</param>
    /// <returns>The document.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="descriptor"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A value holds a character XML cannot carry, or a version part is negative.</exception>
    public static string WriteToString(ReleaseDescriptor descriptor, ReleaseDialect? dialect = null)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (descriptor.MajorVersion < 0 || descriptor.MinorVersion < 0 || descriptor.RevisionVersion < 0)
        {
            throw new ArgumentException($"Version parts must be non-negative; the descriptor has {descriptor.Version}.", nameof(descriptor));
        }

        var builder = new StringBuilder(2048);
        var settings = new XmlWriterSettings
        {
            Indent = true,
            IndentChars = "\t",
            NewLineChars = "\n",
            NewLineHandling = NewLineHandling.Entitize,
            OmitXmlDeclaration = true,
            CheckCharacters = true,
        };
        builder.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        using (var writer = XmlWriter.Create(builder, settings))
        {
            try
            {
                if ((dialect ?? descriptor.Dialect) == ReleaseDialect.Nrms2010)
                {
                    WriteNrms(writer, descriptor);
                }
                else
                {
                    WriteRepoEgi02(writer, descriptor);
                }
            }
            catch (ArgumentException e) when (e is not ArgumentNullException)
            {
                throw new ArgumentException($"The descriptor cannot be written as XML: {e.Message}", nameof(descriptor), e);
            }
        }

        return builder.Append('\n').ToString();
    }

    private static void WriteNrms(XmlWriter w, ReleaseDescriptor d)
    {
        w.WriteStartElement("Release");
        Text(w, "DistributionName", d.ProductName);
        Text(w, "DistributionShortName", d.ProductShortName);
        Text(w, "TechnologyProvider", d.TechnologyProvider);
        Text(w, "Contact", d.Contact);
        Text(w, "Description", d.Description);
        Text(w, "Keywords", d.Keywords ?? "");
        w.WriteStartElement("DocumentationLinks");
        foreach (var link in Items(d.DocumentationLinks))
        {
            Text(w, "DocumentationLink", link);
        }

        w.WriteEndElement();
        Text(w, "ISODate", Date(d.ReleaseDate));
        Text(w, "MajorVersion", Number(d.MajorVersion));
        Text(w, "MinorVersion", Number(d.MinorVersion));
        Text(w, "RevisionVersion", Number(d.RevisionVersion));
        Text(w, "ReleaseNotes", d.ReleaseNotes);
        Text(w, "ChangeLog", d.ChangeLog);
        Text(w, "SynchProtocol", d.SynchProtocol);
        Text(w, "SynchURL", d.SynchUrl);
        if (!d.Repositories.IsDefaultOrEmpty)
        {
            w.WriteStartElement("Repositories");
            foreach (var repository in d.Repositories)
            {
                w.WriteStartElement("Repository");
                Text(w, "Identifier", repository.Identifier);
                Text(w, "Name", repository.Name ?? "");
                Text(w, "Type", repository.Family == RepositoryFamily.Apt ? "APT" : "YUM");
                Text(w, "RelativePath", repository.RelativePath);
                if (repository.GroupFile is not null)
                {
                    Text(w, "GroupFile", repository.GroupFile);
                }

                Text(w, "RepoFileLocation", repository.RepoFileLocation ?? "");
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        if (!d.RepoFiles.IsDefaultOrEmpty)
        {
            w.WriteStartElement("Repofiles");
            foreach (var file in d.RepoFiles)
            {
                Text(w, "Repofile", file);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void WriteRepoEgi02(XmlWriter w, ReleaseDescriptor d)
    {
        const string R = ReleaseSchemas.ReleaseNamespace;
        const string U = ReleaseSchemas.UmdMetaNamespace;
        w.WriteStartElement("release", "release", R);
        w.WriteAttributeString("xmlns", "UMDmeta", null, U);
        w.WriteAttributeString("xmlns", "repofile", null, ReleaseSchemas.RepoFileNamespace);
        w.WriteAttributeString("xmlns", "repository", null, ReleaseSchemas.RepositoryNamespace);
        Text(w, "productName", d.ProductName, R);
        Text(w, "productShortName", d.ProductShortName, R);
        Text(w, "technologyProvider", d.TechnologyProvider, R);
        Optional(w, "technologyProviderShortName", d.TechnologyProviderShortName, R);
        Text(w, "contact", d.Contact, R);
        Optional(w, "technicalContact", d.TechnicalContact, R);
        Text(w, "description", d.Description, R);
        foreach (var link in Items(d.DocumentationLinks))
        {
            Text(w, "documentationLink", link, R);
        }

        Text(w, "ISODate", Date(d.ReleaseDate), R);
        Optional(w, "incremental", Boolean(d.Incremental), R);
        Optional(w, "emergency", Boolean(d.Emergency), R);
        Text(w, "majorVersion", Number(d.MajorVersion), R);
        Text(w, "minorVersion", Number(d.MinorVersion), R);
        Text(w, "revisionVersion", Number(d.RevisionVersion), R);
        Text(w, "releaseNotes", d.ReleaseNotes, R);
        Text(w, "changeLog", d.ChangeLog, R);
        Text(w, "synchProtocol", d.SynchProtocol, R);
        Text(w, "synchURL", d.SynchUrl, R);

        w.WriteStartElement("UMDmeta", "UMDmeta", U);
        Text(w, "targetPlatform", d.TargetPlatform ?? "", U);
        Text(w, "targetArch", d.TargetArch ?? "", U);
        foreach (var capability in Items(d.Capabilities))
        {
            Text(w, "capability", capability, U);
        }

        w.WriteStartElement("UMDmeta", "packages", U);
        foreach (var package in Items(d.Packages))
        {
            w.WriteStartElement("UMDmeta", "package", U);
            w.WriteAttributeString("arch", package.Arch);
            w.WriteAttributeString("filename", package.FileName);
            w.WriteAttributeString("pkgname", package.Name);
            w.WriteAttributeString("pkgtype", package.PackageType);
            w.WriteAttributeString("release", package.Release);
            w.WriteAttributeString("url", package.Url);
            w.WriteAttributeString("version", package.Version);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();

        foreach (var repository in Items(d.Repositories))
        {
            w.WriteStartElement("repository", repository.Family == RepositoryFamily.Apt ? "debRepository" : "yumRepository", ReleaseSchemas.RepositoryNamespace);
            w.WriteAttributeString("external", repository.External ? "true" : "false");
            w.WriteAttributeString("id", repository.Identifier);
            w.WriteAttributeString("path", repository.RelativePath);
            w.WriteEndElement();
        }

        if (d.RepoFile is { } file)
        {
            WriteRepoFile(w, file);
        }

        w.WriteEndElement();
    }

    private static void WriteRepoFile(XmlWriter w, ReleaseRepoFile file)
    {
        const string F = ReleaseSchemas.RepoFileNamespace;
        var apt = file.Family == RepositoryFamily.Apt;
        w.WriteStartElement("repofile", apt ? "debRepofile" : "yumRepofile", F);
        w.WriteAttributeString("filename", file.FileName);
        w.WriteAttributeString("relativePath", file.RelativePath);
        foreach (var entry in Items(file.Entries))
        {
            w.WriteStartElement("repofile", apt ? "debRepository" : "yumRepository", F);
            Text(w, "repoid", entry.RepoId, F);
            if (apt)
            {
                Optional(w, "type", entry.Type, F);
                BaseUrl(w, entry);
                Optional(w, "entry", entry.Entry, F);
            }
            else
            {
                Optional(w, "id", entry.Id, F);
                Optional(w, "name", entry.Name, F);
                BaseUrl(w, entry);
                Optional(w, "enabled", entry.Enabled, F);
                Optional(w, "priority", entry.Priority, F);
                Optional(w, "gpgcheck", entry.GpgCheck, F);
                Optional(w, "gpgkey", entry.GpgKey, F);
                Optional(w, "protect", entry.Protect, F);
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    private static void BaseUrl(XmlWriter w, RepoFileEntry entry)
    {
        w.WriteStartElement("repofile", "baseUrl", ReleaseSchemas.RepoFileNamespace);
        if (entry.BaseUrlType is not null)
        {
            w.WriteAttributeString("type", entry.BaseUrlType);
        }

        w.WriteString(entry.BaseUrl);
        w.WriteEndElement();
    }

    private static void Text(XmlWriter w, string name, string value, string? ns = null)
    {
        if (ns is null)
        {
            w.WriteElementString(name, value);
        }
        else
        {
            w.WriteElementString(name, ns, value);
        }
    }

    private static void Optional(XmlWriter w, string name, string? value, string ns)
    {
        if (value is not null)
        {
            Text(w, name, value, ns);
        }
    }

    private static IEnumerable<T> Items<T>(System.Collections.Immutable.ImmutableArray<T> items) => items.IsDefault ? [] : items;

    private static string Date(DateOnly date) => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Boolean(bool? value) => value switch
    {
        true => "true",
        false => "false",
        null => null,
    };
}
