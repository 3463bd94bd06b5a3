using System.Reflection;
using System.Xml;
using System.Xml.Schema;

namespace SwRel.Metadata.Releases;

/// <summary>The embedded NRMS 2010 DTD and repo.egi.eu 0.2 XSDs.</summary>
/// <remarks>
/// The XSDs are compiled once, on first use, into one <see cref="XmlSchemaSet"/> that is never modified afterwards:
/// a compiled set is safe to share between concurrently validating readers. Nothing is ever resolved: the XSDs import
/// each other by namespace only and the set has no resolver.
/// </remarks>
internal static class ReleaseSchemas
{
    public const string ReleaseNamespace = "http://repo.egi.eu/0.2/release";
    public const string UmdMetaNamespace = "http://repo.egi.eu/0.2/UMDmeta";
    public const string RepositoryNamespace = "http://repo.egi.eu/0.2/repository";
    public const string RepoFileNamespace = "http://repo.egi.eu/0.2/repofile";

    private static readonly Lazy<XmlSchemaSet> Compiled = new(Compile, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<SharedNames> LazyNames = new(CollectNames, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> Dtd = new(() => ReadResource("nrms-2010.dtd"), LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Lazy<string> Doctype = new(() => OneLineDoctype(Dtd.Value), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Gets the compiled repo.egi.eu 0.2 schema set (read-only by convention: never add to it).</summary>
    public static XmlSchemaSet RepoEgi02 => Compiled.Value;

    /// <summary>
    /// Gets the names a repo.egi.eu 0.2 document and its validation use (every element and attribute the XSDs declare, the
    /// namespaces, their usual prefixes and the XML, XMLNS and XSI names), shared read-only by every document's name table.
    /// </summary>
    public static SharedNames Names => LazyNames.Value;

    /// <summary>
    /// Gets <c>&lt;!DOCTYPE Release [ … ]&gt;</c> holding the reconciled DTD on one line, with comments removed: inserted just
    /// before an NRMS document's root element, it changes no line number and only shifts columns on the root's own line.
    /// </summary>
    public static string Nrms2010Doctype => Doctype.Value;

    /// <summary>Reads one embedded schema file as text.</summary>
    public static string ReadResource(string fileName)
    {
        using var stream = OpenResource(fileName);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Stream OpenResource(string fileName) =>
        typeof(ReleaseSchemas).Assembly.GetManifestResourceStream("SwRel.Metadata.Schemas." + fileName)
        ?? throw new InvalidOperationException($"The embedded schema '{fileName}' is missing from {typeof(ReleaseSchemas).Assembly.GetName().Name}.");

    private static string OneLineDoctype(string dtd)
    {
        var text = new System.Text.StringBuilder("<!DOCTYPE Release [");
        var i = 0;
        while (i < dtd.Length)
        {
            if (dtd.AsSpan(i).StartsWith("<!--", StringComparison.Ordinal))
            {
                var end = dtd.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = end < 0 ? dtd.Length : end + 3;
                continue;
            }

            var c = dtd[i++];
            if (c is '\r' or '\n' or '\t' or ' ')
            {
                if (text[^1] != ' ')
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(c);
            }
        }

        return text.Append("]>").ToString();
    }

    private static SharedNames CollectNames()
    {
        var names = new List<string>
        {
            ReleaseNamespace, UmdMetaNamespace, RepositoryNamespace, RepoFileNamespace,
            "release", "UMDmeta", "repository", "repofile",
            "xml", "xmlns", "http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/",
            "xsi", "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/2001/XMLSchema",
            "type", "nil", "schemaLocation", "noNamespaceSchemaLocation", "lang", "space", "base",
        };
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        foreach (var file in (ReadOnlySpan<string>)["UMDmeta.xsd", "repository.xsd", "repofile.xsd", "release.xsd"])
        {
            using var stream = OpenResource(file);
            using var reader = XmlReader.Create(stream, settings);
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.LocalName is "element" or "attribute" && reader.GetAttribute("name") is { Length: > 0 } name)
                {
                    names.Add(name);
                }
            }
        }

        return new SharedNames(names);
    }

    private static XmlSchemaSet Compile()
    {
        var set = new XmlSchemaSet { XmlResolver = null };
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
        foreach (var name in (ReadOnlySpan<string>)["UMDmeta.xsd", "repository.xsd", "repofile.xsd", "release.xsd"])
        {
            using var stream = OpenResource(name);
            using var reader = XmlReader.Create(stream, settings);
            set.Add(null, reader);
        }

        set.Compile();
        return set;
    }
}
