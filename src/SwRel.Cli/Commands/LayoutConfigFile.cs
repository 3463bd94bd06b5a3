using System.Text.Json;
using Microsoft.Extensions.Options;
using SwRel.Domain.Tickets;
using SwRel.IO;
using SwRel.Repository.Layout;

namespace SwRel.Cli.Commands;

/// <summary>
/// <c>--layout-config FILE</c>: repository layout options as JSON (docs/layouts.md), for example
/// <c>{"preset": "EgiRepository", "overrides": {"ops-1": {"production": "sw/production/ops/1/current"}}}</c>.
/// </summary>
/// <remarks>Read by hand rather than by reflection, so that the native executable needs no serialisation metadata.</remarks>
internal static class LayoutConfigFile
{
    private const long MaxBytes = 1024 * 1024;

    private static readonly string[] s_topLevel = ["preset", "templates", "overrides", "defaultReleaseType", "repoFileFolder", "publicBaseUrl"];
    private static readonly string[] s_templateNames = ["unverified", "stageRollout", "production", "aptProduction", "scratch"];

    /// <summary>Reads the file into layout options.</summary>
    /// <exception cref="UsageException">The file cannot be read or is not a valid layout configuration; the message names the field.</exception>
    public static RepositoryLayoutOptions Read(string path)
    {
        byte[] bytes;
        try
        {
            using var stream = RegularFile.OpenRead(path, MaxBytes, "a layout configuration");
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--layout-config {path}: {(e is FileNotFoundException ? "no such file." : e.Message)}");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes);
            var options = FromJson(document.RootElement, path);
            var validation = new RepositoryLayoutOptionsValidator().Validate(Options.DefaultName, options);
            return validation.Failed
                ? throw new UsageException($"--layout-config {path}: {string.Join(" ", validation.Failures ?? [validation.FailureMessage])}")
                : options;
        }
        catch (JsonException e)
        {
            throw new UsageException($"--layout-config {path}:{(e.LineNumber ?? 0) + 1}:{(e.BytePositionInLine ?? 0) + 1}: not valid JSON.");
        }
    }

    private static RepositoryLayoutOptions FromJson(JsonElement root, string path)
    {
        var options = new RepositoryLayoutOptions();
        foreach (var property in Object(root, path, "the document", s_topLevel))
        {
            var where = property.Name;
            switch (property.Name)
            {
                case "preset":
                    options.Preset = String(property.Value, path, where) switch
                    {
                        var p when p.Equals("EgiRepository", StringComparison.OrdinalIgnoreCase) => RepositoryLayoutPreset.EgiRepository,
                        var p when p.Equals("Nrms2010", StringComparison.OrdinalIgnoreCase) => RepositoryLayoutPreset.Nrms2010,
                        var p => throw new UsageException($"--layout-config {path}: preset '{p}' must be EgiRepository or Nrms2010."),
                    };
                    break;
                case "templates":
                    options.Templates = Templates(property.Value, path, where);
                    break;
                case "overrides":
                    foreach (var release in Object(property.Value, path, where, null))
                    {
                        options.Overrides[release.Name] = Templates(release.Value, path, $"overrides.{release.Name}");
                    }

                    break;
                case "defaultReleaseType":
                    options.DefaultReleaseType = String(property.Value, path, where) switch
                    {
                        var t when t.Equals("Incremental", StringComparison.OrdinalIgnoreCase) => ReleaseType.Incremental,
                        var t when t.Equals("NonIncremental", StringComparison.OrdinalIgnoreCase) => ReleaseType.NonIncremental,
                        var t => throw new UsageException($"--layout-config {path}: defaultReleaseType '{t}' must be Incremental or NonIncremental."),
                    };
                    break;
                case "repoFileFolder":
                    options.RepoFileFolder = String(property.Value, path, where);
                    break;
                case "publicBaseUrl":
                    options.PublicBaseUrl = String(property.Value, path, where);
                    break;
            }
        }

        return options;
    }

    private static RepositoryLayoutTemplates Templates(JsonElement element, string path, string where)
    {
        var templates = new RepositoryLayoutTemplates();
        foreach (var property in Object(element, path, where, s_templateNames))
        {
            var value = String(property.Value, path, $"{where}.{property.Name}");
            switch (property.Name)
            {
                case "unverified": templates.Unverified = value; break;
                case "stageRollout": templates.StageRollout = value; break;
                case "production": templates.Production = value; break;
                case "aptProduction": templates.AptProduction = value; break;
                case "scratch": templates.Scratch = value; break;
            }
        }

        return templates;
    }

    private static IEnumerable<JsonProperty> Object(JsonElement element, string path, string where, string[]? known)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new UsageException($"--layout-config {path}: {where} must be a JSON object.");
        }

        foreach (var property in element.EnumerateObject())
        {
            if (known is not null && !known.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new UsageException($"--layout-config {path}: unknown field '{property.Name}' in {where}; known fields are {string.Join(", ", known)}.");
            }

            yield return property;
        }
    }

    private static string String(JsonElement element, string path, string where) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new UsageException($"--layout-config {path}: {where} must be a string.");
}
