using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using SwRel.IO;
using SwRel.Metadata.Releases;
using SwRel.Pipeline;
using SwRel.Pipeline.Sqlite;
using SwRel.Repository.Layout;

namespace SwRel.Cli.Commands;

/// <summary>
/// <c>swrel releases list|import</c>: the release catalogue of the daemon's data folder (SPEC §12.1): what the repository
/// holds in unverified, stage rollout and production, and filling it from a repository tree that predates the daemon.
/// </summary>
internal static class ReleasesCommand
{
    private const long MaxDescriptorBytes = 4 * 1024 * 1024;
    private static readonly (RepositoryArea Area, string Folder)[] ReleaseAreas =
        [(RepositoryArea.Unverified, "sw/unverified"), (RepositoryArea.StageRollout, "sw/stagerollout")];

    public static Command Create(CliConsole console)
    {
        var command = new Command("releases", "The release catalogue: every release the repository holds, by area (unverified, stagerollout, production).");
        command.Subcommands.Add(List(console));
        command.Subcommands.Add(Import(console));
        return command;
    }

    private static Command List(CliConsole console)
    {
        var area = new Option<string?>("--area") { Description = "Only this area: unverified, stagerollout or production.", HelpName = "AREA" };
        var major = new Option<string?>("--major-release") { Description = "Only this AssociatedMajorRelease, for example umd-4.", HelpName = "NAME" };
        var search = new Option<string?>("--search") { Description = "Only releases whose product, version, major release, path or ticket contains TEXT.", HelpName = "TEXT" };
        var limit = new Option<int>("--limit")
        {
            Description = "At most N releases, newest first.",
            HelpName = "N",
            DefaultValueFactory = _ => ReleaseCatalogueQuery.DefaultLimit,
        };
        var dataDir = DataFolder.Option();
        var format = CommonOptions.Format();
        var command = new Command("list", "List the releases in the catalogue, newest first.");
        command.Options.Add(area);
        command.Options.Add(major);
        command.Options.Add(search);
        command.Options.Add(limit);
        command.Options.Add(dataDir);
        command.Options.Add(format);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var data = DataFolder.Resolve(parseResult.GetValue(dataDir));
            var count = parseResult.GetValue(limit);
            var query = new ReleaseCatalogueQuery
            {
                Area = parseResult.GetValue(area) is { } areaText ? ParseArea(areaText) : null,
                MajorRelease = parseResult.GetValue(major),
                Search = parseResult.GetValue(search),
                Limit = count >= 1 ? count : throw new UsageException($"--limit must be 1 or more, not {count}."),
            };
            var catalogue = new SqliteReleaseCatalogue(data.Existing(data.Catalogue, "release catalogue"));
            var entries = await catalogue.ListAsync(query, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(format) == OutputFormat.Json)
            {
                CliJson.Write(console.Out, json =>
                {
                    json.WriteStartArray();
                    foreach (var entry in entries)
                    {
                        WriteJson(json, entry);
                    }

                    json.WriteEndArray();
                });
            }
            else if (entries.Count == 0)
            {
                console.Out.WriteLine("No release matches.");
            }
            else
            {
                WriteTable(console.Out, entries);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Import(CliConsole console)
    {
        var root = new Argument<string>("ROOT") { Description = "The repository tree to read (its sw/unverified, sw/stagerollout and sw/production)." };
        var dataDir = DataFolder.Option();
        var format = CommonOptions.Format();
        var command = new Command(
            "import",
            "Fill the catalogue from an existing repository tree laid out as the EgiRepository preset, reading each release's release.xml where present.");
        command.Arguments.Add(root);
        command.Options.Add(dataDir);
        command.Options.Add(format);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var data = DataFolder.Resolve(parseResult.GetValue(dataDir));
            var rootPath = Path.GetFullPath(parseResult.GetValue(root)!);
            if (!Directory.Exists(rootPath))
            {
                throw new UsageException($"the repository root {rootPath} is not a folder.");
            }

            var catalogue = new SqliteReleaseCatalogue(data.Catalogue);

            // Opening it creates the file, so that 'releases list' finds the catalogue even when the tree held no release.
            await catalogue.ListAsync(new ReleaseCatalogueQuery { Limit = 1 }, cancellationToken).ConfigureAwait(false);
            var problems = new List<string>();
            var imported = 0;
            var now = DateTimeOffset.UtcNow;
            using (var confined = ConfinedRoot.Open(rootPath))
            {
                foreach (var entry in await FindAsync(confined, now, problems, cancellationToken).ConfigureAwait(false))
                {
                    await catalogue.RecordAsync(entry, cancellationToken).ConfigureAwait(false);
                    imported++;
                }
            }

            if (parseResult.GetValue(format) == OutputFormat.Json)
            {
                CliJson.Write(console.Out, json =>
                {
                    json.WriteStartObject();
                    json.WriteNumber("imported", imported);
                    json.WriteString("catalogue", data.Catalogue);
                    json.WriteStartArray("problems");
                    problems.ForEach(json.WriteStringValue);
                    json.WriteEndArray();
                    json.WriteEndObject();
                });
            }
            else
            {
                console.Out.WriteLine($"imported {imported} release{(imported == 1 ? "" : "s")} into {data.Catalogue}");
                foreach (var problem in problems)
                {
                    console.Error.WriteLine($"swrel releases import: {problem}");
                }
            }

            return problems.Count == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return command;
    }

    private static async Task<List<ReleaseCatalogueEntry>> FindAsync(ConfinedRoot root, DateTimeOffset now, List<string> problems, CancellationToken cancellationToken)
    {
        var found = new List<ReleaseCatalogueEntry>();

        // sw/{area}/{majorRelease}.{product, lower case}/{major}/{minor}/{revision}
        foreach (var (area, folder) in ReleaseAreas)
        {
            foreach (var release in Folders(root, folder))
            {
                var dot = release.IndexOf('.', StringComparison.Ordinal);
                if (dot <= 0 || dot == release.Length - 1)
                {
                    problems.Add($"{root.Display(folder + "/" + release)}: not named majorRelease.product (for example umd-4.infn.argus.centos7.x86_64); skipped.");
                    continue;
                }

                foreach (var major in Folders(root, $"{folder}/{release}"))
                {
                    foreach (var minor in Folders(root, $"{folder}/{release}/{major}"))
                    {
                        foreach (var revision in Folders(root, $"{folder}/{release}/{major}/{minor}"))
                        {
                            var path = $"{folder}/{release}/{major}/{minor}/{revision}";
                            var entry = new ReleaseCatalogueEntry
                            {
                                Product = release[(dot + 1)..],
                                Version = $"{major}.{minor}.{revision}",
                                MajorRelease = release[..dot],
                                Area = area,
                                Path = path,
                                RecordedAtUtc = now,
                            };
                            found.Add(await WithDescriptorAsync(root, entry, problems, cancellationToken).ConfigureAwait(false));
                        }
                    }
                }
            }
        }

        // Production folders are shared by many releases; only a release.xml says which ones.
        // sw/production/{distribution}/{distMajor}/...
        foreach (var (relative, kind) in root.EnumerateTree("sw/production"))
        {
            if (kind != EntryKind.File || !(relative == "release.xml" || relative.EndsWith("/release.xml", StringComparison.Ordinal)))
            {
                continue;
            }

            var folder = relative.Length == "release.xml".Length ? "sw/production" : "sw/production/" + relative[..^"/release.xml".Length];
            var segments = folder.Split('/');
            if (segments.Length < 4)
            {
                problems.Add($"{root.Display(relative)}: not below sw/production/DISTRIBUTION/MAJOR; skipped.");
                continue;
            }

            var entry = new ReleaseCatalogueEntry
            {
                Product = "",
                Version = "",
                MajorRelease = $"{segments[2]}-{segments[3]}",
                Area = RepositoryArea.Production,
                Path = folder,
                RecordedAtUtc = now,
            };
            entry = await WithDescriptorAsync(root, entry, problems, cancellationToken).ConfigureAwait(false);
            if (entry.Product.Length > 0)
            {
                found.Add(entry);
            }
        }

        return found;
    }

    private static async Task<ReleaseCatalogueEntry> WithDescriptorAsync(
        ConfinedRoot root, ReleaseCatalogueEntry entry, List<string> problems, CancellationToken cancellationToken)
    {
        var file = entry.Path + "/release.xml";
        if (root.Stat(file, out _) != EntryKind.File)
        {
            return entry;
        }

        ReleaseReadResult read;
        await using (var stream = RegularFile.Capped(root.OpenRead(file), root.Display(file), MaxDescriptorBytes, "a release.xml"))
        {
            read = await ReleaseDescriptorReader.ReadAsync(stream, ReleaseReaderOptions.Default, cancellationToken).ConfigureAwait(false);
        }

        if (!read.IsValid || read.Descriptor is not { } descriptor)
        {
            var first = read.Errors.FirstOrDefault(e => e.Severity == ReleaseMetadataSeverity.Error);
            problems.Add(first is null
                ? $"{root.Display(file)}: not a valid release descriptor; the folder's name was used."
                : $"{root.Display(file)}:{first.Line}:{first.Column}: {first.Message} The folder's name was used.");
            return entry;
        }

        return entry with
        {
            Product = descriptor.ProductShortName,
            Version = string.Create(CultureInfo.InvariantCulture, $"{descriptor.MajorVersion}.{descriptor.MinorVersion}.{descriptor.RevisionVersion}"),
        };
    }

    private static IEnumerable<string> Folders(ConfinedRoot root, string relative) =>
        root.List(relative).Where(e => e.Kind == EntryKind.Directory).Select(e => e.Name);

    private static RepositoryArea ParseArea(string text) => text.Trim().ToLowerInvariant() switch
    {
        "unverified" => RepositoryArea.Unverified,
        "stagerollout" or "stage-rollout" => RepositoryArea.StageRollout,
        "production" => RepositoryArea.Production,
        _ => throw new UsageException($"--area must be unverified, stagerollout or production, not '{text}'."),
    };

    private static string AreaName(RepositoryArea area) => area.ToString().ToLowerInvariant();

    private static void WriteTable(TextWriter output, IReadOnlyList<ReleaseCatalogueEntry> entries)
    {
        string[] header = ["AREA", "MAJOR", "PRODUCT", "VERSION", "TICKET", "VERIFIED", "SINCE (UTC)", "PATH"];
        var rows = entries.Select(e => new[]
        {
            AreaName(e.Area),
            e.MajorRelease,
            e.Product,
            e.Version,
            e.TicketId is { } ticket ? "#" + ticket.ToString(CultureInfo.InvariantCulture) : "-",
            e.ChecksumsVerified ? "yes" : "no",
            e.RecordedAtUtc.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            e.Path,
        }).ToList();
        TextTable.Write(output, header, rows);
    }

    private static void WriteJson(Utf8JsonWriter json, ReleaseCatalogueEntry entry)
    {
        json.WriteStartObject();
        if (entry.TicketId is { } ticket)
        {
            json.WriteNumber("ticket", ticket);
        }
        else
        {
            json.WriteNull("ticket");
        }

        json.WriteString("product", entry.Product);
        json.WriteString("version", entry.Version);
        json.WriteString("majorRelease", entry.MajorRelease);
        json.WriteString("area", AreaName(entry.Area));
        json.WriteString("path", entry.Path);
        json.WriteBoolean("checksumsVerified", entry.ChecksumsVerified);
        json.WriteString("recordedAtUtc", entry.RecordedAtUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }
}
