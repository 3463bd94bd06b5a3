using System.Text.Json;
using System.Text.Json.Serialization;

namespace SwRel.Server.Status;

/// <summary>Source-generated JSON for the read endpoints (no reflection, so native AOT works).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[JsonSerializable(typeof(RequestsView))]
[JsonSerializable(typeof(IReadOnlyList<SlotView>))]
[JsonSerializable(typeof(IReadOnlyList<ReleaseView>))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
