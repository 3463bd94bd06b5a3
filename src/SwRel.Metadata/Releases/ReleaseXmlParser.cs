using System.Collections.Immutable;
using System.Text;
using System.Xml;
using System.Xml.Schema;

namespace SwRel.Metadata.Releases;

/// <summary>
/// One streaming pass over a validating <see cref="XmlReader"/>: collects schema errors and the descriptor's values.
/// A new instance serves exactly one document.
/// </summary>
internal sealed class ReleaseXmlParser
{
    private readonly ReleaseDialect _dialect;
    private readonly ReleaseReaderOptions _options;
    private readonly List<ReleaseMetadataError> _errors;
    private const int InitialDepth = 8;
    private const int MaxAttributes = 16;

    // An element's text is nearly always one text node: it is kept as read, and a builder is made only for a second node.
    private string _firstText = "";
    private StringBuilder? _text;
    private int _textLength;
    private int _textNodes;
    private string[] _names;
    private Located[] _starts;
    private IXmlLineInfo? _lineInfo;
    private XmlSchemaValidator? _validator;
    private string? _xmlnsNamespace;

    // The namespaces, atomized in the reader's name table when there is one, so that a match is a reference comparison.
    private string _releaseNs = ReleaseSchemas.ReleaseNamespace;
    private string _umdMetaNs = ReleaseSchemas.UmdMetaNamespace;
    private string _repositoryNs = ReleaseSchemas.RepositoryNamespace;
    private string _repoFileNs = ReleaseSchemas.RepoFileNamespace;
    private bool _stopped;

    private string? _productName, _technologyProvider, _technologyProviderShortName, _contact, _technicalContact;
    private string? _description, _keywords, _synchProtocol, _targetPlatform, _targetArch;
    private Located? _releaseNotes, _changeLog, _productShortName, _isoDate, _major, _minor, _revision, _incremental, _emergency, _synchUrl;
    private readonly List<Located> _documentationLinks = [];
    private readonly List<string> _capabilities = [];
    private readonly List<string> _nrmsRepoFiles = [];
    private readonly List<(ReleasePackage Package, Located Url)> _packages = [];
    private readonly List<ReleaseRepository> _repositories = [];
    // The current element's attributes without a namespace (a descriptor's elements carry a handful: a linear search beats hashing).
    private readonly (string Name, string Value)[] _attributes = new (string, string)[MaxAttributes];
    private int _attributeCount;
    private List<(string Name, string Value)>? _moreAttributes;
    private Dictionary<string, string>? _entry;
    private string? _currentBaseUrlType;
    private RepositoryFamily _repoFileFamily;
    private string? _repoFileName, _repoFileRelativePath;
    private readonly List<RepoFileEntry> _repoFileEntries = [];
    private readonly List<Located> _nrmsTypes = [];
    private readonly List<Located> _externalFlags = [];

    private readonly Insertion _insertion;

    public ReleaseXmlParser(ReleaseDialect dialect, ReleaseReaderOptions options, List<ReleaseMetadataError> errors, Insertion insertion)
    {
        _insertion = insertion;
        _dialect = dialect;
        _options = options;
        _errors = errors;
        var depth = Math.Min(options.MaxDepth + 1, InitialDepth);
        _names = new string[depth];
        _starts = new Located[depth];
    }

    public void OnValidation(object? sender, ValidationEventArgs e)
    {
        var line = e.Exception?.LineNumber ?? _lineInfo?.LineNumber ?? 0;
        var column = e.Exception?.LinePosition ?? _lineInfo?.LinePosition ?? 0;
        var severity = e.Severity == XmlSeverityType.Error ? ReleaseMetadataSeverity.Error : ReleaseMetadataSeverity.Warning;
        AddReported(line, column, ReleaseXmlMessages.Clean(e.Message), severity);
    }

    /// <summary>Reads the whole document; returns the descriptor when nothing was wrong.</summary>
    /// <param name="reader">The reader: DTD-validating for NRMS, plain for repo.egi.eu 0.2.</param>
    /// <param name="schemas">For repo.egi.eu 0.2, the compiled schemas: this pass drives an <see cref="XmlSchemaValidator"/> itself
    /// (cheaper than a validating reader, and the attributes are read once for both purposes).</param>
    public ReleaseDescriptor? Run(XmlReader reader, XmlSchemaSet? schemas)
    {
        _lineInfo = reader as IXmlLineInfo;
        if (reader.NameTable is { } names)
        {
            _releaseNs = names.Add(ReleaseSchemas.ReleaseNamespace);
            _umdMetaNs = names.Add(ReleaseSchemas.UmdMetaNamespace);
            _repositoryNs = names.Add(ReleaseSchemas.RepositoryNamespace);
            _repoFileNs = names.Add(ReleaseSchemas.RepoFileNamespace);
        }
        if (schemas is not null)
        {
            var resolver = reader as IXmlNamespaceResolver ?? throw new InvalidOperationException("The XML reader does not resolve namespaces.");
            _validator = new XmlSchemaValidator(reader.NameTable, schemas, resolver, XmlSchemaValidationFlags.ReportValidationWarnings)
            {
                LineInfoProvider = _lineInfo,
                XmlResolver = null,
            };
            _validator.ValidationEventHandler += OnValidation;
            _validator.Initialize();
            _xmlnsNamespace = reader.NameTable.Add("http://www.w3.org/2000/xmlns/");
        }

        try
        {
            while (!_stopped && reader.Read())
            {
                Node(reader);
            }

            if (!_stopped)
            {
                _validator?.EndValidation();
            }
        }
        catch (XmlException e)
        {
            AddReported(e.LineNumber, e.LinePosition, ReleaseXmlMessages.Clean(e.Message));
        }
        catch (XmlSchemaException e)
        {
            AddReported(e.LineNumber, e.LinePosition, ReleaseXmlMessages.Clean(e.Message));
        }
        catch (InvalidOperationException e)
        {
            // The schema validator refuses a call sequence only for input System.Xml itself let through oddly; report, never crash.
            AddReported(_lineInfo?.LineNumber ?? 0, _lineInfo?.LinePosition ?? 0, "The document could not be validated: " + e.Message);
        }

        if (_stopped || HasErrors())
        {
            if (_options.CheckContent && !_stopped)
            {
                RunContentChecks();
            }

            return null;
        }

        if (_options.CheckContent)
        {
            RunContentChecks();
        }

        return HasErrors() ? null : Build();
    }

    /// <summary>The values the content checks judge, with where each was read.</summary>
    internal ReleaseRawValues RawValues() => new()
    {
        Dialect = _dialect,
        ProductShortName = _productShortName,
        TechnologyProviderShortName = _technologyProviderShortName,
        TargetPlatform = _targetPlatform,
        TargetArch = _targetArch,
        IsoDate = _isoDate,
        Major = _major,
        Minor = _minor,
        Revision = _revision,
        Incremental = _incremental,
        Emergency = _emergency,
        SynchUrl = _synchUrl,
        SynchProtocol = _synchProtocol,
        DocumentationLinks = [.. _documentationLinks],
        PackageUrls = [.. _packages.Select(p => p.Url)],
        NrmsTypes = [.. _nrmsTypes],
        ExternalFlags = [.. _externalFlags],
    };

    private void RunContentChecks()
    {
        foreach (var finding in ReleaseContentChecks.Run(RawValues()))
        {
            Add(finding.Line, finding.Column, finding.Message, finding.Severity);
        }
    }

    private void Add(int line, int column, string message, ReleaseMetadataSeverity severity = ReleaseMetadataSeverity.Error)
    {
        if (_stopped)
        {
            return;
        }

        if (_errors.Count >= _options.MaxErrors)
        {
            _errors.Add(new ReleaseMetadataError(line, column, $"Too many errors; stopped after {_options.MaxErrors}."));
            _stopped = true;
            return;
        }

        _errors.Add(new ReleaseMetadataError(line, column, message, _options.Strict ? ReleaseMetadataSeverity.Error : severity));
    }

    /// <summary>Adds an error at a position the XML reader reported (in the document as parsed, with any insertion).</summary>
    internal void AddReported(int line, int column, string message, ReleaseMetadataSeverity severity = ReleaseMetadataSeverity.Error) =>
        Add(line, _insertion.Original(line, column), message, severity);

    private void Add(Located at, string message, ReleaseMetadataSeverity severity = ReleaseMetadataSeverity.Error) =>
        Add(at.Line, at.Column, message, severity);

    private bool HasErrors()
    {
        foreach (var error in _errors)
        {
            if (error.Severity == ReleaseMetadataSeverity.Error)
            {
                return true;
            }
        }

        return false;
    }

    private void Node(XmlReader reader)
    {
        switch (reader.NodeType)
        {
            case XmlNodeType.Element:
                var depth = reader.Depth;
                var line = _lineInfo?.LineNumber ?? 0;
                var column = _insertion.Original(line, _lineInfo?.LinePosition ?? 0);
                if (depth + 1 > _options.MaxDepth)
                {
                    Add(line, column, $"Elements are nested more than {_options.MaxDepth} deep; a release descriptor is at most 5 levels deep.");
                    _stopped = true;
                    return;
                }

                if (depth >= _names.Length)
                {
                    var size = Math.Min(_names.Length * 2, _options.MaxDepth + 1);
                    Array.Resize(ref _names, size);
                    Array.Resize(ref _starts, size);
                }

                _names[depth] = reader.LocalName;
                _starts[depth] = new Located("", line, column);
                ClearText();
                var empty = reader.IsEmptyElement;
                _validator?.ValidateElement(reader.LocalName, reader.NamespaceURI, null);
                StartElement(reader, depth);
                if (_stopped)
                {
                    return;
                }

                _validator?.ValidateEndOfAttributes(null);
                if (empty)
                {
                    _validator?.ValidateEndElement(null);
                    EndElement(reader, depth);
                }

                break;
            case XmlNodeType.Text:
            case XmlNodeType.CDATA:
            case XmlNodeType.SignificantWhitespace:
            case XmlNodeType.Whitespace:
                var value = reader.Value;
                if (_validator is not null)
                {
                    if (reader.NodeType is XmlNodeType.Text or XmlNodeType.CDATA)
                    {
                        _validator.ValidateText(value);
                    }
                    else
                    {
                        _validator.ValidateWhitespace(value);
                    }
                }

                AppendText(value);
                if (_textLength > _options.MaxValueLength)
                {
                    AddReported(_lineInfo?.LineNumber ?? 0, _lineInfo?.LinePosition ?? 0, $"A text value is longer than {_options.MaxValueLength} characters.");
                    _stopped = true;
                }

                break;
            case XmlNodeType.EndElement:
                _validator?.ValidateEndElement(null);
                EndElement(reader, reader.Depth);
                break;
        }
    }

    private void StartElement(XmlReader reader, int depth)
    {
        _attributeCount = 0;
        _moreAttributes?.Clear();
        if (reader.HasAttributes)
        {
            while (reader.MoveToNextAttribute())
            {
                var value = reader.Value;
                if (value.Length > _options.MaxValueLength)
                {
                    AddReported(_lineInfo?.LineNumber ?? 0, _lineInfo?.LinePosition ?? 0, $"Attribute '{reader.Name}' is longer than {_options.MaxValueLength} characters.");
                    _stopped = true;
                    return;
                }

                var ns = reader.NamespaceURI;
                if (ns.Length == 0)
                {
                    SetAttribute(reader.LocalName, Trim(value));
                }

                if (_validator is not null && !ReferenceEquals(ns, _xmlnsNamespace))
                {
                    _validator.ValidateAttribute(reader.LocalName, ns, value, null);
                }
            }

            reader.MoveToElement();
        }

        if (depth == 0)
        {
            CheckRoot(reader);
            return;
        }

        if (_dialect == ReleaseDialect.RepoEgi02)
        {
            StartRepoEgi02(reader, depth);
        }
        else if (depth == 2 && reader.LocalName == "Repository")
        {
            _entry?.Clear();
        }
    }

    private void CheckRoot(XmlReader reader)
    {
        if (_dialect == ReleaseDialect.RepoEgi02 && reader.NamespaceURI != _releaseNs)
        {
            var actual = reader.NamespaceURI.Length == 0 ? "no namespace" : $"namespace '{reader.NamespaceURI}'";
            Add(_starts[0], $"The root element 'release' is in {actual}; a repo.egi.eu 0.2 descriptor's root is in namespace '{ReleaseSchemas.ReleaseNamespace}'.");
            _stopped = true;
        }
    }

    private void StartRepoEgi02(XmlReader reader, int depth)
    {
        var ns = reader.NamespaceURI;
        var name = reader.LocalName;
        if (depth == 3 && name == "package" && ns == _umdMetaNs)
        {
            var package = ReadPackage();
            _packages.Add((package, _starts[depth] with { Value = package.Url }));
        }
        else if (depth == 1 && ns == _repositoryNs && name is "yumRepository" or "debRepository")
        {
            var external = Attribute("external");
            if (external.Length > 0)
            {
                _externalFlags.Add(_starts[depth] with { Value = external });
            }

            _repositories.Add(new ReleaseRepository(
                name == "yumRepository" ? RepositoryFamily.Yum : RepositoryFamily.Apt,
                Attribute("id"),
                Attribute("path"),
                External: ReleaseContentChecks.ParseBoolean(external) ?? false));
        }
        else if (depth == 1 && ns == _repoFileNs && name is "yumRepofile" or "debRepofile")
        {
            _repoFileFamily = name == "yumRepofile" ? RepositoryFamily.Yum : RepositoryFamily.Apt;
            _repoFileName = Attribute("filename");
            _repoFileRelativePath = Attribute("relativePath");
        }
        else if (depth == 2 && ns == _repoFileNs && name is "yumRepository" or "debRepository")
        {
            _entry?.Clear();
            _currentBaseUrlType = null;
        }
        else if (depth == 3 && ns == _repoFileNs && name == "baseUrl")
        {
            _currentBaseUrlType = FindAttribute("type");
        }
    }

    private string Attribute(string name) => FindAttribute(name) ?? "";

    /// <summary>Reads a package's attributes in one pass (XML allows no name twice on one element, so none is overwritten).</summary>
    private ReleasePackage ReadPackage()
    {
        string? pkgname = null, version = null, release = null, arch = null, fileName = null, url = null, type = null;
        var count = _attributeCount + (_moreAttributes?.Count ?? 0);
        for (var i = 0; i < count; i++)
        {
            var (name, value) = i < _attributeCount ? _attributes[i] : _moreAttributes![i - _attributeCount];
            switch (name)
            {
                case "pkgname": pkgname = value; break;
                case "version": version = value; break;
                case "release": release = value; break;
                case "arch": arch = value; break;
                case "filename": fileName = value; break;
                case "url": url = value; break;
                case "pkgtype": type = value; break;
            }
        }

        return new ReleasePackage(pkgname ?? "", version ?? "", release ?? "", arch ?? "", fileName ?? "", url ?? "", type ?? "");
    }

    private string? FindAttribute(string name)
    {
        for (var i = 0; i < _attributeCount; i++)
        {
            if (string.Equals(_attributes[i].Name, name, StringComparison.Ordinal))
            {
                return _attributes[i].Value;
            }
        }

        if (_moreAttributes is not null)
        {
            foreach (var (n, value) in _moreAttributes)
            {
                if (string.Equals(n, name, StringComparison.Ordinal))
                {
                    return value;
                }
            }
        }

        return null;
    }

    /// <summary>Records an attribute (XML itself refuses a duplicate name, so none is replaced).</summary>
    private void SetAttribute(string name, string value)
    {
        if (_attributeCount < _attributes.Length)
        {
            _attributes[_attributeCount++] = (name, value);
        }
        else
        {
            (_moreAttributes ??= []).Add((name, value));
        }
    }

    private void ClearText()
    {
        _firstText = "";
        _textLength = 0;
        _textNodes = 0;
        _text?.Clear();
    }

    private void AppendText(string value)
    {
        if (_textNodes++ == 0)
        {
            _firstText = value;
        }
        else
        {
            _text ??= new StringBuilder();
            if (_textNodes == 2)
            {
                _text.Append(_firstText);
            }

            _text.Append(value);
        }

        _textLength += value.Length;
    }

    private void EndElement(XmlReader reader, int depth)
    {
        if (depth == 0)
        {
            return;
        }

        var name = _names[depth];
        if (_dialect == ReleaseDialect.RepoEgi02)
        {
            EndRepoEgi02(reader.NamespaceURI, name, depth);
        }
        else
        {
            EndNrms(name, depth);
        }
    }

    private string Text() => Trim(_textNodes > 1 ? _text!.ToString() : _firstText);

    private Located TextAt(int depth) => _starts[depth] with { Value = Text() };

    private void EndRepoEgi02(string ns, string name, int depth)
    {
        if (depth == 1 && ns == _releaseNs)
        {
            switch (name)
            {
                case "productName": _productName = Text(); break;
                case "productShortName": _productShortName = TextAt(depth); break;
                case "technologyProvider": _technologyProvider = Text(); break;
                case "technologyProviderShortName": _technologyProviderShortName = Text(); break;
                case "contact": _contact = Text(); break;
                case "technicalContact": _technicalContact = Text(); break;
                case "description": _description = Text(); break;
                case "documentationLink": AddIfNotEmpty(_documentationLinks, TextAt(depth)); break;
                case "ISODate": _isoDate = TextAt(depth); break;
                case "incremental": _incremental = TextAt(depth); break;
                case "emergency": _emergency = TextAt(depth); break;
                case "majorVersion": _major = TextAt(depth); break;
                case "minorVersion": _minor = TextAt(depth); break;
                case "revisionVersion": _revision = TextAt(depth); break;
                case "releaseNotes": _releaseNotes = TextAt(depth); break;
                case "changeLog": _changeLog = TextAt(depth); break;
                case "synchProtocol": _synchProtocol = Text(); break;
                case "synchURL": _synchUrl = TextAt(depth); break;
            }
        }
        else if (depth == 2 && ns == _umdMetaNs)
        {
            switch (name)
            {
                case "targetPlatform": _targetPlatform = Text(); break;
                case "targetArch": _targetArch = Text(); break;
                case "capability":
                    var capability = Text();
                    if (capability.Length > 0)
                    {
                        _capabilities.Add(capability);
                    }

                    break;
            }
        }
        else if (depth == 3 && ns == _repoFileNs)
        {
            (_entry ??= new(16, StringComparer.Ordinal))[name] = Text();
        }
        else if (depth == 2 && ns == _repoFileNs && name is "yumRepository" or "debRepository")
        {
            _repoFileEntries.Add(new RepoFileEntry(
                Entry("repoid") ?? "",
                Entry("baseUrl") ?? "",
                _currentBaseUrlType,
                Id: Entry("id"),
                Name: Entry("name"),
                Enabled: Entry("enabled"),
                Priority: Entry("priority"),
                GpgCheck: Entry("gpgcheck"),
                GpgKey: Entry("gpgkey"),
                Protect: Entry("protect"),
                Type: Entry("type"),
                Entry: Entry("entry")));
        }
    }

    private string? Entry(string name) => _entry is not null && _entry.TryGetValue(name, out var value) ? value : null;

    private void EndNrms(string name, int depth)
    {
        if (depth == 1)
        {
            switch (name)
            {
                case "DistributionName": _productName = Text(); break;
                case "DistributionShortName": _productShortName = TextAt(depth); break;
                case "TechnologyProvider": _technologyProvider = Text(); break;
                case "Contact": _contact = Text(); break;
                case "Description": _description = Text(); break;
                case "Keywords": _keywords = Text(); break;
                case "ISODate": _isoDate = TextAt(depth); break;
                case "MajorVersion": _major = TextAt(depth); break;
                case "MinorVersion": _minor = TextAt(depth); break;
                case "RevisionVersion": _revision = TextAt(depth); break;
                case "ReleaseNotes": _releaseNotes = TextAt(depth); break;
                case "ChangeLog": _changeLog = TextAt(depth); break;
                case "SynchProtocol": _synchProtocol = Text(); break;
                case "SynchURL": _synchUrl = TextAt(depth); break;
            }
        }
        else if (depth == 2 && _names[1] == "DocumentationLinks" && name == "DocumentationLink")
        {
            AddIfNotEmpty(_documentationLinks, TextAt(depth));
        }
        else if (depth == 2 && _names[1] == "Repofiles" && name == "Repofile")
        {
            var text = Text();
            if (text.Length > 0)
            {
                _nrmsRepoFiles.Add(text);
            }
        }
        else if (depth == 3 && _names[2] == "Repository")
        {
            (_entry ??= new(16, StringComparer.Ordinal))[name] = Text();
            if (name == "Type")
            {
                _nrmsTypes.Add(TextAt(depth));
            }
        }
        else if (depth == 2 && name == "Repository")
        {
            var type = Entry("Type") ?? "";
            _repositories.Add(new ReleaseRepository(
                ReleaseContentChecks.NrmsFamily(type) ?? RepositoryFamily.Yum,
                Entry("Identifier") ?? "",
                Entry("RelativePath") ?? "",
                Name: Entry("Name") ?? "",
                GroupFile: Entry("GroupFile"),
                RepoFileLocation: Entry("RepoFileLocation") ?? ""));
            _entry?.Clear();
        }
    }

    private static void AddIfNotEmpty(List<Located> list, Located value)
    {
        if (value.Value.Length > 0)
        {
            list.Add(value);
        }
    }

    internal static string Trim(string value)
    {
        var trimmed = value.AsSpan().Trim(" \t\r\n");
        return trimmed.Length == value.Length ? value : trimmed.ToString();
    }

    private static ImmutableArray<string> Values(List<Located> list)
    {
        var values = ImmutableArray.CreateBuilder<string>(list.Count);
        foreach (var item in list)
        {
            values.Add(item.Value);
        }

        return values.MoveToImmutable();
    }

    private ImmutableArray<ReleasePackage> Packages()
    {
        var packages = ImmutableArray.CreateBuilder<ReleasePackage>(_packages.Count);
        foreach (var (package, _) in _packages)
        {
            packages.Add(package);
        }

        return packages.MoveToImmutable();
    }

    private ReleaseDescriptor Build()
    {
        var nrms = _dialect == ReleaseDialect.Nrms2010;
        return new ReleaseDescriptor
        {
            Dialect = _dialect,
            ProductName = _productName ?? "",
            ProductShortName = _productShortName?.Value ?? "",
            TechnologyProvider = _technologyProvider ?? "",
            TechnologyProviderShortName = _technologyProviderShortName,
            Contact = _contact ?? "",
            TechnicalContact = _technicalContact,
            Description = _description ?? "",
            Keywords = nrms ? _keywords ?? "" : null,
            DocumentationLinks = Values(_documentationLinks),
            ReleaseDate = ReleaseContentChecks.ParseDate(_isoDate?.Value) ?? default,
            MajorVersion = ReleaseContentChecks.ParseVersionPart(_major?.Value) ?? 0,
            MinorVersion = ReleaseContentChecks.ParseVersionPart(_minor?.Value) ?? 0,
            RevisionVersion = ReleaseContentChecks.ParseVersionPart(_revision?.Value) ?? 0,
            Incremental = ReleaseContentChecks.ParseBoolean(_incremental?.Value),
            Emergency = ReleaseContentChecks.ParseBoolean(_emergency?.Value),
            ReleaseNotes = _releaseNotes?.Value ?? "",
            ChangeLog = _changeLog?.Value ?? "",
            SynchProtocol = _synchProtocol ?? "",
            SynchUrl = _synchUrl?.Value ?? "",
            TargetPlatform = nrms ? null : _targetPlatform ?? "",
            TargetArch = nrms ? null : _targetArch ?? "",
            Capabilities = [.. _capabilities],
            Packages = Packages(),
            Repositories = [.. _repositories],
            RepoFile = _repoFileName is null ? null : new ReleaseRepoFile(_repoFileFamily, _repoFileName, _repoFileRelativePath ?? "", [.. _repoFileEntries]),
            RepoFiles = [.. _nrmsRepoFiles],
        };
    }
}
