using System.Buffers;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using SwRel.Domain.Text;
using SwRel.Text;
using SwRel.Domain.Workflow;

namespace SwRel.Repository.Planning;

/// <summary>
/// Writes and reads a <see cref="RepositoryPlan"/> as JSON:
/// <c>{ "from": "StageRollout", "to": "Production", "target": "sw/…" | null, "steps": [ { "kind": "promote", … } ] }</c>.
/// </summary>
/// <remarks>
/// <para>
/// Step objects carry <c>kind</c> and the step's own properties, in camel case:
/// <c>fetch</c> (<c>protocol</c>, <c>source</c>, <c>destination</c>), <c>verify</c> (<c>root</c>, <c>manifest</c>),
/// <c>publish</c> (<c>source</c>, <c>destination</c>), <c>promote</c> (<c>source</c>, <c>destination</c>, <c>merge</c>, and
/// <c>exclude</c>, an array of top-level names, written only when not empty),
/// <c>write-repo-file</c> (<c>path</c>, <c>content</c>), <c>refresh-index</c>, <c>set-repository-url</c>,
/// <c>remove</c> and <c>clean</c> (<c>path</c>).
/// </para>
/// <para>
/// Reading is strict: every required property must be present with the right JSON type, every path must be a
/// valid <see cref="RepositoryPath"/>, states must be RolloutProgress names, and unknown step kinds or unknown
/// properties are errors. A promote's optional <c>exclude</c> must be an array of distinct strings, each a single
/// path segment (not empty, no <c>/</c>, <c>.</c>, <c>..</c>, backslash or control character). The one tolerated extra property is a top-level <c>file</c> string, which
/// <c>swrel plan --format json</c> writes to say which release.xml a plan came from.
/// Uses <see cref="Utf8JsonWriter"/> and <see cref="JsonDocument"/> only (no reflection): AOT-safe.
/// Stateless and thread-safe.
/// </para>
/// <para>
/// A plan document is at most <see cref="MaxDocumentBytes"/> (16 MiB; characters for text) and strict JSON: a byte
/// order mark, a comment, bytes that are not UTF-8 and a <c>\u</c> escape that is half of a surrogate pair are refused
/// with the JSON path, line and column. An empty document, or an empty array of plans, is an error too: it would
/// otherwise apply nothing and look like success.
/// </para>
/// </remarks>
public static class RepositoryPlanJson
{
    /// <summary>The largest plan document read: 16 MiB (bytes of UTF-8, or characters for text). A plan of a thousand releases is under 2 MiB.</summary>
    public const int MaxDocumentBytes = 16 * 1024 * 1024;

    private const int MaxDepth = 16;
    private static readonly JsonWriterOptions s_indented = new() { Indented = true };

    /// <summary>Writes <paramref name="plan"/> as one JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="plan">The plan.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void Write(Utf8JsonWriter writer, RepositoryPlan plan)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        WriteProperties(writer, plan);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes the plan's properties (<c>from</c>, <c>to</c>, <c>target</c>, <c>steps</c>) into an object the caller has
    /// opened, so that the caller can add its own properties (such as <c>file</c>).
    /// </summary>
    /// <param name="writer">The writer, positioned inside an object.</param>
    /// <param name="plan">The plan.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static void WriteProperties(Utf8JsonWriter writer, RepositoryPlan plan)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(plan);
        writer.WriteString("from", plan.From.ToName());
        writer.WriteString("to", plan.To.ToName());
        if (plan.Target is { } target)
        {
            writer.WriteString("target", target.Value);
        }
        else
        {
            writer.WriteNull("target");
        }

        writer.WriteStartArray("steps");
        if (!plan.Steps.IsDefault)
        {
            foreach (var step in plan.Steps)
            {
                WriteStep(writer, step);
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>Writes one step as a JSON object.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="step">The step.</param>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="step"/> is of a kind this version does not know.</exception>
    public static void WriteStep(Utf8JsonWriter writer, PlanStep step)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(step);
        writer.WriteStartObject();
        writer.WriteString("kind", step.Kind);
        switch (step)
        {
            case FetchStep fetch:
                writer.WriteString("protocol", fetch.Protocol);
                writer.WriteString("source", fetch.Source);
                writer.WriteString("destination", fetch.Destination.Value);
                if (!fetch.Packages.IsEmpty)
                {
                    writer.WriteStartArray("packages");
                    foreach (var package in fetch.Packages)
                    {
                        writer.WriteStartObject();
                        writer.WriteString("url", package.Url);
                        writer.WriteString("fileName", package.FileName);
                        writer.WriteEndObject();
                    }

                    writer.WriteEndArray();
                }

                break;
            case VerifyStep verify:
                writer.WriteString("root", verify.Root.Value);
                writer.WriteString("manifest", verify.Manifest);
                break;
            case PublishStep publish:
                writer.WriteString("source", publish.Source.Value);
                writer.WriteString("destination", publish.Destination.Value);
                break;
            case PromoteStep promote:
                writer.WriteString("source", promote.Source.Value);
                writer.WriteString("destination", promote.Destination.Value);
                writer.WriteBoolean("merge", promote.Merge);
                if (promote.Content != PromoteContent.All)
                {
                    writer.WriteString("content", promote.Content == PromoteContent.PackagesOnly ? "packages" : "all-but-packages");
                }

                if (!promote.Exclude.IsEmpty)
                {
                    writer.WriteStartArray("exclude");
                    foreach (var name in promote.Exclude)
                    {
                        writer.WriteStringValue(name);
                    }

                    writer.WriteEndArray();
                }

                break;
            case WriteRepoFileStep repoFile:
                writer.WriteString("path", repoFile.Path.Value);
                writer.WriteString("content", repoFile.Content);
                break;
            case RefreshIndexStep refresh:
                writer.WriteString("path", refresh.Path.Value);
                break;
            case SetRepositoryUrlStep url:
                writer.WriteString("path", url.Path.Value);
                break;
            case RemoveStep remove:
                writer.WriteString("path", remove.Path.Value);
                break;
            case CleanStep clean:
                writer.WriteString("path", clean.Path.Value);
                break;
            default:
                throw new ArgumentException($"Plan step kind '{step.Kind}' ({step.GetType().Name}) has no JSON form.", nameof(step));
        }

        writer.WriteEndObject();
    }

    /// <summary>Returns <paramref name="plan"/> as indented JSON text.</summary>
    /// <param name="plan">The plan.</param>
    /// <returns>The JSON text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="plan"/> is <see langword="null"/>.</exception>
    public static string ToJson(RepositoryPlan plan)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_indented))
        {
            Write(writer, plan);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads one plan from JSON text.</summary>
    /// <param name="json">The JSON text: one plan object.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="RepositoryPlanFormatException">The text is not a valid plan; the message says what and where.</exception>
    public static RepositoryPlan Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = OpenDocument(json);
        return ReadPlan(document.RootElement, "$");
    }

    /// <summary>Reads one plan from UTF-8 JSON.</summary>
    /// <param name="utf8Json">The JSON bytes: one plan object.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="RepositoryPlanFormatException">The bytes are not a valid plan; the message says what and where.</exception>
    public static RepositoryPlan Parse(ReadOnlySpan<byte> utf8Json)
    {
        using var document = OpenDocument(utf8Json);
        return ReadPlan(document.RootElement, "$");
    }

    /// <summary>Tries to read one plan from JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="plan">The plan, when valid.</param>
    /// <param name="error">What is wrong and where, when not valid.</param>
    /// <returns><see langword="true"/> when <paramref name="json"/> is a valid plan.</returns>
    public static bool TryParse(string? json, [NotNullWhen(true)] out RepositoryPlan? plan, [NotNullWhen(false)] out string? error)
    {
        plan = null;
        if (json is null)
        {
            error = "$: a plan document is required.";
            return false;
        }

        try
        {
            plan = Parse(json);
            error = null;
            return true;
        }
        catch (RepositoryPlanFormatException e)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>
    /// Reads one or more plans: a single plan object, or an array of plan objects (as written by
    /// <c>swrel plan --format json</c>, whose objects also carry <c>file</c>).
    /// </summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The plans, in document order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is <see langword="null"/>.</exception>
    /// <exception cref="RepositoryPlanFormatException">The text is not a plan or an array of plans; the message says what and where.</exception>
    public static ImmutableArray<RepositoryPlan> ParseAll(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = OpenDocument(json);
        return ReadAll(document.RootElement);
    }

    /// <summary>Reads one or more plans from UTF-8 JSON: a single plan object, or an array of plan objects.</summary>
    /// <param name="utf8Json">The JSON bytes.</param>
    /// <returns>The plans, in document order; never empty.</returns>
    /// <exception cref="RepositoryPlanFormatException">The bytes are not a plan or an array of plans; the message says what and where.</exception>
    public static ImmutableArray<RepositoryPlan> ParseAll(ReadOnlySpan<byte> utf8Json)
    {
        using var document = OpenDocument(utf8Json);
        return ReadAll(document.RootElement);
    }

    /// <summary>Reads one plan from a JSON element (a plan object).</summary>
    /// <param name="element">The element.</param>
    /// <returns>The plan.</returns>
    /// <exception cref="RepositoryPlanFormatException">The element is not a valid plan; the message says what and where.</exception>
    public static RepositoryPlan ReadPlan(JsonElement element) => ReadPlan(element, "$");

    private static ImmutableArray<RepositoryPlan> ReadAll(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Object)
        {
            return [ReadPlan(root, "$")];
        }

        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new RepositoryPlanFormatException("$", $"expected a plan object or an array of plan objects, found {Describe(root.ValueKind)}.");
        }

        if (root.GetArrayLength() == 0)
        {
            throw new RepositoryPlanFormatException("$", "the array holds no plan; there is nothing to apply.");
        }

        var plans = ImmutableArray.CreateBuilder<RepositoryPlan>(root.GetArrayLength());
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            plans.Add(ReadPlan(item, $"$[{index}]"));
            index++;
        }

        return plans.MoveToImmutable();
    }

    private static JsonDocument OpenDocument(string json)
    {
        if (json.Length > MaxDocumentBytes)
        {
            throw TooLarge(json.Length, "characters");
        }

        if (string.IsNullOrWhiteSpace(json))
        {
            throw Empty();
        }

        if (StrictJson.Check(json, MaxDepth, out var utf8) is { } problem)
        {
            throw Refused(problem);
        }

        return Open(utf8);
    }

    private static JsonDocument OpenDocument(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.Length > MaxDocumentBytes)
        {
            throw TooLarge(utf8Json.Length, "bytes");
        }

        if (utf8Json.Trim(" \t\r\n"u8).IsEmpty)
        {
            throw Empty();
        }

        if (StrictJson.Check(utf8Json, MaxDepth) is { } problem)
        {
            throw Refused(problem);
        }

        return Open(utf8Json);
    }

    // The text has passed StrictJson with the same depth, so the reader cannot refuse it.
    private static JsonDocument Open(ReadOnlySpan<byte> utf8Json)
    {
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth });
        return JsonDocument.ParseValue(ref reader);
    }

    private static RepositoryPlanFormatException Refused(JsonInputError problem) =>
        new($"{problem.Path} (line {problem.Line}, column {problem.Column})", problem.Reason);

    private static RepositoryPlanFormatException TooLarge(int length, string unit) =>
        new("$", $"the plan document is {length:N0} {unit}; a plan document may be at most {MaxDocumentBytes:N0} {unit} (16 MiB).");

    private static RepositoryPlanFormatException Empty() =>
        new("$", "the plan document is empty; write a plan object, or the array of plans that 'swrel plan --format json' prints.");

    private static RepositoryPlan ReadPlan(JsonElement element, string location)
    {
        RequireObject(element, location);
        RolloutProgress? from = null;
        RolloutProgress? to = null;
        RepositoryPath? target = null;
        var sawTarget = false;
        ImmutableArray<PlanStep>? steps = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            var where = $"{location}.{property.Name}";
            if (!seen.Add(property.Name))
            {
                throw new RepositoryPlanFormatException(where, $"the property '{property.Name}' appears twice.");
            }

            switch (property.Name)
            {
                case "from":
                    from = ReadState(property.Value, where);
                    break;
                case "to":
                    to = ReadState(property.Value, where);
                    break;
                case "target":
                    sawTarget = true;
                    target = property.Value.ValueKind == JsonValueKind.Null ? null : ReadPath(property.Value, where);
                    break;
                case "steps":
                    steps = ReadSteps(property.Value, where);
                    break;
                case "file":
                    ReadString(property.Value, where);
                    break;
                default:
                    throw new RepositoryPlanFormatException(where, $"unknown plan property '{property.Name}'; a plan has from, to, target and steps.");
            }
        }

        return new RepositoryPlan(
            from ?? throw Missing(location, "from"),
            to ?? throw Missing(location, "to"),
            sawTarget ? target : throw Missing(location, "target"),
            steps ?? throw Missing(location, "steps"));
    }

    private static ImmutableArray<PlanStep> ReadSteps(JsonElement element, string location)
    {
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new RepositoryPlanFormatException(location, $"expected an array of steps, found {Describe(element.ValueKind)}.");
        }

        var steps = ImmutableArray.CreateBuilder<PlanStep>(element.GetArrayLength());
        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            steps.Add(ReadStep(item, $"{location}[{index}]"));
            index++;
        }

        return steps.MoveToImmutable();
    }

    private static PlanStep ReadStep(JsonElement element, string location)
    {
        RequireObject(element, location);
        if (!element.TryGetProperty("kind", out var kindElement))
        {
            throw Missing(location, "kind");
        }

        var kind = ReadString(kindElement, $"{location}.kind");
        var fields = new StepFields(element, location);
        PlanStep step = kind switch
        {
            FetchStep.KindName => new FetchStep(fields.String("protocol"), fields.String("source"), fields.Path("destination")) { Packages = fields.OptionalPackages("packages") },
            VerifyStep.KindName => new VerifyStep(fields.Path("root"), fields.RelativeFile("manifest")),
            PublishStep.KindName => new PublishStep(fields.Path("source"), fields.Path("destination")),
            PromoteStep.KindName => new PromoteStep(fields.Path("source"), fields.Path("destination"), fields.Boolean("merge"), fields.OptionalNames("exclude")) { Content = fields.OptionalContent("content") },
            WriteRepoFileStep.KindName => new WriteRepoFileStep(fields.Path("path"), fields.String("content")),
            RefreshIndexStep.KindName => new RefreshIndexStep(fields.Path("path")),
            SetRepositoryUrlStep.KindName => new SetRepositoryUrlStep(fields.Path("path")),
            RemoveStep.KindName => new RemoveStep(fields.Path("path")),
            CleanStep.KindName => new CleanStep(fields.Path("path")),
            _ => throw new RepositoryPlanFormatException(
                $"{location}.kind",
                $"unknown step kind '{kind}'; known kinds are fetch, verify, publish, promote, write-repo-file, refresh-index, set-repository-url, remove and clean."),
        };

        fields.RejectUnknown(kind);
        return step;
    }

    private static RolloutProgress ReadState(JsonElement element, string location)
    {
        var text = ReadString(element, location);
        return RolloutProgressText.TryParse(text, out var state)
            ? state
            : throw new RepositoryPlanFormatException(location, RolloutProgressText.UnknownStateMessage(text));
    }

    private static RepositoryPath ReadPath(JsonElement element, string location)
    {
        var text = ReadString(element, location);
        if (!RepositoryPath.TryParse(text, out var path, out var error))
        {
            throw new RepositoryPlanFormatException(location, error);
        }

        return path;
    }

    private static string ReadString(JsonElement element, string location) =>
        element.ValueKind == JsonValueKind.String
            ? element.GetString()!
            : throw new RepositoryPlanFormatException(location, $"expected a string, found {Describe(element.ValueKind)}.");

    private static void RequireObject(JsonElement element, string location)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new RepositoryPlanFormatException(location, $"expected an object, found {Describe(element.ValueKind)}.");
        }
    }

    private static RepositoryPlanFormatException Missing(string location, string name) =>
        new(location, $"the required property '{name}' is missing.");

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Reads a step's properties by name and remembers which were used, to reject the rest.</summary>
    private readonly struct StepFields(JsonElement element, string location)
    {
        private readonly List<string> _used = ["kind"];

        public string String(string name) => ReadString(Get(name), $"{location}.{name}");

        public RepositoryPath Path(string name)
        {
            var path = ReadPath(Get(name), $"{location}.{name}");
            return path;
        }

        public string RelativeFile(string name)
        {
            var where = $"{location}.{name}";
            var text = ReadString(Get(name), where);
            if (text.Length == 0 || !RepositoryPath.TryParse(text, out _, out _))
            {
                throw new RepositoryPlanFormatException(where, $"'{text}' is not a relative file path.");
            }

            return text;
        }

        public bool Boolean(string name)
        {
            var value = Get(name);
            return value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new RepositoryPlanFormatException($"{location}.{name}", $"expected a boolean, found {Describe(value.ValueKind)}."),
            };
        }

        /// <summary>Reads a promote step's optional <c>content</c>: <c>packages</c> or <c>all-but-packages</c>; absent is every file.</summary>
        public PromoteContent OptionalContent(string name)
        {
            _used.Add(name);
            if (!element.TryGetProperty(name, out var value))
            {
                return PromoteContent.All;
            }

            return ReadString(value, $"{location}.{name}") switch
            {
                "packages" => PromoteContent.PackagesOnly,
                "all-but-packages" => PromoteContent.AllButPackages,
                var other => throw new RepositoryPlanFormatException($"{location}.{name}", $"'{other}' is not packages or all-but-packages."),
            };
        }

        /// <summary>Reads a fetch step's optional <c>packages</c>: objects with a <c>url</c> and a plain, distinct <c>fileName</c>; absent is empty.</summary>
        public ImmutableArray<PackageSource> OptionalPackages(string name)
        {
            _used.Add(name);
            if (!element.TryGetProperty(name, out var value))
            {
                return [];
            }

            var where = $"{location}.{name}";
            if (value.ValueKind != JsonValueKind.Array)
            {
                throw new RepositoryPlanFormatException(where, $"expected an array of packages, found {Describe(value.ValueKind)}.");
            }

            var packages = ImmutableArray.CreateBuilder<PackageSource>(value.GetArrayLength());
            var names = new HashSet<string>(StringComparer.Ordinal);
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var itemWhere = $"{where}[{index++}]";
                RequireObject(item, itemWhere);
                var url = item.TryGetProperty("url", out var u) ? ReadString(u, $"{itemWhere}.url") : throw Missing(itemWhere, "url");
                var fileName = item.TryGetProperty("fileName", out var f) ? ReadString(f, $"{itemWhere}.fileName") : throw Missing(itemWhere, "fileName");
                if (!RepositoryPlanner.IsPlainFileName(fileName) || !names.Add(fileName))
                {
                    throw new RepositoryPlanFormatException($"{itemWhere}.fileName", $"'{fileName}' is not a plain file name used once (no '/', not '.' or '..').");
                }

                packages.Add(new PackageSource(url, fileName));
            }

            return packages.MoveToImmutable();
        }

        /// <summary>Reads an optional array of distinct single path segments (a promote's <c>exclude</c>); absent is empty.</summary>
        public ImmutableArray<string> OptionalNames(string name)
        {
            _used.Add(name);
            if (!element.TryGetProperty(name, out var value))
            {
                return [];
            }

            var where = $"{location}.{name}";
            if (value.ValueKind != JsonValueKind.Array)
            {
                throw new RepositoryPlanFormatException(where, $"expected an array of names, found {Describe(value.ValueKind)}.");
            }

            var names = ImmutableArray.CreateBuilder<string>(value.GetArrayLength());
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                var itemWhere = $"{where}[{index}]";
                var text = ReadString(item, itemWhere);
                if (!PromoteStep.IsExcludableName(text, out var error))
                {
                    throw new RepositoryPlanFormatException(itemWhere, error);
                }

                if (names.Contains(text, StringComparer.Ordinal))
                {
                    throw new RepositoryPlanFormatException(itemWhere, $"'{text}' appears twice.");
                }

                names.Add(text);
                index++;
            }

            return names.MoveToImmutable();
        }

        public void RejectUnknown(string kind)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name))
                {
                    throw new RepositoryPlanFormatException($"{location}.{property.Name}", $"the property '{property.Name}' appears twice.");
                }

                if (!_used.Contains(property.Name))
                {
                    throw new RepositoryPlanFormatException(
                        $"{location}.{property.Name}",
                        $"unknown property '{property.Name}' for a '{kind}' step.");
                }
            }
        }

        private JsonElement Get(string name)
        {
            _used.Add(name);
            return element.TryGetProperty(name, out var value) ? value : throw Missing(location, name);
        }
    }
}
