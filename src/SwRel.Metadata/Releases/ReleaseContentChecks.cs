using System.Globalization;

namespace SwRel.Metadata.Releases;

/// <summary>
/// The checks beyond the DTD and XSD (SPEC §8): ISODate is a real date, version parts are non-negative integers,
/// booleans are true or false, URLs are absolute where present, productShortName has the form TP.product.os.arch and
/// agrees with targetPlatform and targetArch, NRMS repository types are YUM or APT.
/// </summary>
/// <remarks>
/// Severity follows one rule: an error means the repository cannot act on the descriptor (the version, the layout path,
/// the repository family, or where to fetch from would be wrong or unknown); a warning means a field the repository only
/// records or displays is odd. Real descriptors that the EGI repository accepted carry free text in display fields
/// ("EMI", "no documentation available"), so those must stay warnings.
/// </remarks>
internal static class ReleaseContentChecks
{
    private const ReleaseMetadataSeverity Warning = ReleaseMetadataSeverity.Warning;

    /// <summary>Judges the values; returns every finding.</summary>
    public static IReadOnlyList<ReleaseMetadataError> Run(ReleaseRawValues values)
    {
        var findings = new List<ReleaseMetadataError>();
        Run(values, findings);
        return findings;
    }

    private static void Run(ReleaseRawValues p, List<ReleaseMetadataError> f)
    {
        var nrms = p.Dialect == ReleaseDialect.Nrms2010;
        if (p.IsoDate is { } date && ParseDate(date.Value) is null)
        {
            Report(f, date, $"ISODate '{Shorten(date.Value)}' is not a real date written yyyyMMdd (for example 20180305); the release is recorded without a date.", Warning);
        }

        CheckVersionPart(f, p.Major, nrms ? "MajorVersion" : "majorVersion");
        CheckVersionPart(f, p.Minor, nrms ? "MinorVersion" : "minorVersion");
        CheckVersionPart(f, p.Revision, nrms ? "RevisionVersion" : "revisionVersion");

        // incremental chooses base or updates in production; emergency and external are recorded only.
        CheckBoolean(f, p.Incremental, "incremental", ReleaseMetadataSeverity.Error);
        CheckBoolean(f, p.Emergency, "emergency", Warning);
        foreach (var external in p.ExternalFlags)
        {
            CheckBoolean(f, external, "external", Warning);
        }

        foreach (var link in p.DocumentationLinks)
        {
            CheckDisplayUrl(f, link, nrms ? "DocumentationLink" : "documentationLink");
        }

        CheckSource(p, f, nrms);

        foreach (var type in p.NrmsTypes)
        {
            if (NrmsFamily(type.Value) is null)
            {
                Report(f, type, $"Repository Type '{type.Value}' is neither YUM nor APT.");
            }
        }

        if (!nrms)
        {
            CheckProductShortName(p, f);
        }
    }

    /// <summary>
    /// Where the software comes from (SPEC §11): the synchURL, or, when it is <c>n/a</c> in a 0.2 descriptor, each
    /// package's own url; whichever is used must be a URL the repository can fetch. A descriptor that names neither is
    /// not refused: the ticket's SyncURL may name the source, and the planner says so when nothing does.
    /// </summary>
    private static void CheckSource(ReleaseRawValues p, List<ReleaseMetadataError> f, bool nrms)
    {
        var synchName = nrms ? "SynchURL" : "synchURL";
        if (p.SynchUrl is { } synch && !IsNotApplicable(synch.Value))
        {
            if (!IsRsyncModulePath(synch.Value))
            {
                CheckUrl(f, synch, synchName);
            }

            foreach (var url in p.PackageUrls)
            {
                // The synchURL is what gets fetched; a package's url is only recorded.
                if (!IsNotApplicable(url.Value) && !IsAbsoluteUrl(url.Value))
                {
                    Report(f, url, $"package url '{Shorten(url.Value)}' is not an absolute URL; it is not used, since the {synchName} names where the release is fetched from.", Warning);
                }
            }

            return;
        }

        foreach (var url in p.PackageUrls)
        {
            CheckUrl(f, url, "package url");
        }
    }

    /// <summary>Reads exactly eight ASCII digits yyyyMMdd naming a real Gregorian date (what <c>DateOnly.TryParseExact</c> with
    /// that format and the invariant culture accepts, without its format interpretation).</summary>
    public static DateOnly? ParseDate(string? text)
    {
        if (text is not { Length: 8 })
        {
            return null;
        }

        var value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return null;
            }

            value = (value * 10) + (c - '0');
        }

        int year = value / 10000, month = value / 100 % 100, day = value % 100;
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            ? new DateOnly(year, month, day)
            : null;
    }

    public static int? ParseVersionPart(string? text) =>
        text is { Length: > 0 } && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static bool? ParseBoolean(string? text) => text?.ToUpperInvariant() switch
    {
        "TRUE" or "1" => true,
        "FALSE" or "0" => false,
        _ => null,
    };

    public static RepositoryFamily? NrmsFamily(string type) => type.ToUpperInvariant() switch
    {
        "YUM" => RepositoryFamily.Yum,
        "APT" or "DEB" => RepositoryFamily.Apt,
        _ => null,
    };

    /// <summary>Whether a value stands for "no URL": empty or <c>n/a</c> (any case).</summary>
    public static bool IsNotApplicable(string value) =>
        value.Length == 0 || value.Equals("n/a", StringComparison.OrdinalIgnoreCase);

    private static void CheckVersionPart(List<ReleaseMetadataError> f, Located? part, string name)
    {
        if (part is not { } v || ParseVersionPart(v.Value) is not null)
        {
            return;
        }

        var why = v.Value.Length > 0 && v.Value.All(char.IsAsciiDigit) ? "too large" : "not a non-negative integer";
        Report(f, v, $"{name} '{v.Value}' is {why}; version parts are whole numbers such as 0, 1 or 12.");
    }

    private static void CheckBoolean(List<ReleaseMetadataError> f, Located? flag, string name, ReleaseMetadataSeverity severity)
    {
        if (flag is not { } v)
        {
            return;
        }

        if (v.Value.Length == 0)
        {
            Report(f, v, $"{name} is empty; it is read as not given (write true or false).", ReleaseMetadataSeverity.Warning);
        }
        else if (ParseBoolean(v.Value) is null)
        {
            Report(f, v, $"{name} '{Shorten(v.Value)}' must be true or false.", severity);
        }
    }

    private static void CheckUrl(List<ReleaseMetadataError> f, Located url, string name)
    {
        if (IsNotApplicable(url.Value) || IsAbsoluteUrl(url.Value))
        {
            return;
        }

        Report(f, url, $"{name} '{Shorten(url.Value)}' is not an absolute URL (it needs a scheme, such as https://host/path).");
    }

    /// <summary>A field that is only displayed: free text where a URL belongs is odd, not wrong.</summary>
    private static void CheckDisplayUrl(List<ReleaseMetadataError> f, Located value, string name)
    {
        if (IsNotApplicable(value.Value) || IsAbsoluteUrl(value.Value))
        {
            return;
        }

        Report(f, value, $"{name} '{Shorten(value.Value)}' is not a URL; it is kept as text.", Warning);
    }

    /// <summary>Whether a value is an absolute URL with an explicit scheme (a bare local path is not).</summary>
    public static bool IsAbsoluteUrl(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !char.IsAsciiLetter(value[0]))
        {
            return false;
        }

        foreach (var c in value.AsSpan(0, colon))
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }

        return Uri.TryCreate(value, UriKind.Absolute, out _);
    }

    /// <summary>rsync's own <c>host::module/path</c> form (SPEC §3), which is not a URI.</summary>
    private static bool IsRsyncModulePath(string value)
    {
        var sep = value.IndexOf("::", StringComparison.Ordinal);
        return sep > 0 && !value.AsSpan(0, sep).ContainsAny(":/ ");
    }

    private static void CheckProductShortName(ReleaseRawValues p, List<ReleaseMetadataError> f)
    {
        if (p.ProductShortName is not { } name)
        {
            return;
        }

        var parts = name.Value.Split('.');
        if (parts.Length < 4 || parts.Any(part => part.Length == 0))
        {
            Report(f, name, $"productShortName '{name.Value}' is not of the form TP.product.os.arch (for example INFN.argus.centos7.x86_64).");
            return;
        }

        var os = parts[^2];
        var arch = parts[^1];
        if (p.TargetPlatform is { } platform && !os.Equals(platform, StringComparison.OrdinalIgnoreCase))
        {
            Report(f, name, $"productShortName '{name.Value}' names platform '{os}' but UMDmeta:targetPlatform is '{platform}'.");
        }

        if (p.TargetArch is { } targetArch && !arch.Equals(targetArch, StringComparison.OrdinalIgnoreCase))
        {
            Report(f, name, $"productShortName '{name.Value}' names architecture '{arch}' but UMDmeta:targetArch is '{targetArch}'.");
        }

        if (p.TechnologyProviderShortName is { Length: > 0 } tp && !parts[0].Equals(tp, StringComparison.OrdinalIgnoreCase))
        {
            Report(f, name, $"productShortName '{name.Value}' starts with '{parts[0]}' but technologyProviderShortName is '{tp}'.", ReleaseMetadataSeverity.Warning);
        }
    }

    private static void Report(List<ReleaseMetadataError> findings, Located at, string message, ReleaseMetadataSeverity severity = ReleaseMetadataSeverity.Error) =>
        findings.Add(new ReleaseMetadataError(at.Line, at.Column, message, severity));

    private static string Shorten(string value) => value.Length <= 200 ? value : string.Concat(value.AsSpan(0, 200), "…");
}
