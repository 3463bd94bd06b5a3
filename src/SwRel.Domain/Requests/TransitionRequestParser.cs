using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using SwRel.Domain.Text;
using SwRel.Text;
using SwRel.Domain.Workflow;

namespace SwRel.Domain.Requests;

/// <summary>
/// Parses and validates transition requests from a form-encoded body, a JSON body or separate
/// values (SPEC §6), reporting every problem at once.
/// </summary>
/// <remarks>
/// <para>
/// Never throws for bad input. Field names are matched case-insensitively; unknown fields are
/// ignored; a missing Emergency_Release is reported missing like any other field; an empty state value reads as Submitted
/// (SPEC §2). The transition must be a row of the table for the emergency flag and policy: actor,
/// reason, reports and the stage-rollout slot are checked later against the ticket. From Failed,
/// any other state is accepted here (rows 21 and 22 depend on the recorded failure). A valid
/// request is parsed without allocating. Stateless and thread-safe.
/// </para>
/// <para>
/// Limits: a body is at most <see cref="MaxBodyLength"/> (1 MiB) and a field value at most 256
/// characters. A problem in a body names the field and its line and column. A field given more than
/// once is one problem, however often it repeats, so the list of problems is short whatever the
/// body (one per field and one for the transition). A JSON body must be strict JSON: a byte order
/// mark, a comment, bytes that are not UTF-8 and a <c>\u</c> escape that is half of a surrogate pair
/// are refused with their place.
/// </para>
/// </remarks>
public static class TransitionRequestParser
{
    /// <summary>The ticket number field.</summary>
    public const string TicketIdField = "Ticket_Id";

    /// <summary>The field naming the state the ticket left.</summary>
    public const string PreviousField = "Previous_Rollout_Progress";

    /// <summary>The field naming the state the ticket entered.</summary>
    public const string CurrentField = "Current_Rollout_Progress";

    /// <summary>The emergency flag field (Yes or No).</summary>
    public const string EmergencyField = "Emergency_Release";

    /// <summary>The largest body accepted: 1 MiB, in bytes for UTF-8 input and in characters for text. A real request is under 1 KiB.</summary>
    public const int MaxBodyLength = 1024 * 1024;

    private const int MaxValue = 256;
    private const int MaxJsonDepth = 64;

    /// <summary>Validates a request given as separate values, for example from command-line flags.</summary>
    /// <param name="ticketId">Ticket_Id, or null when missing.</param>
    /// <param name="previous">Previous_Rollout_Progress, or null when missing.</param>
    /// <param name="current">Current_Rollout_Progress, or null when missing.</param>
    /// <param name="emergencyRelease">Emergency_Release, or null when missing.</param>
    /// <param name="policy">The emergency policy in force. Default: FastStagedRollout.</param>
    /// <returns>The request, or every problem.</returns>
    public static TransitionRequestResult Validate(
        string? ticketId, string? previous, string? current, string? emergencyRelease, EmergencyPolicy policy = EmergencyPolicy.FastStagedRollout)
    {
        var fields = new RawFields
        {
            TicketId = ticketId.AsSpan(),
            HasTicketId = ticketId is not null,
            Previous = previous.AsSpan(),
            HasPrevious = previous is not null,
            Current = current.AsSpan(),
            HasCurrent = current is not null,
            Emergency = emergencyRelease.AsSpan(),
            HasEmergency = emergencyRelease is not null,
        };
        return Validate(ref fields, null, policy);
    }

    /// <summary>Parses and validates a form-encoded body (<c>application/x-www-form-urlencoded</c>).</summary>
    /// <param name="body">The body, for example <c>Ticket_Id=1&amp;Previous_Rollout_Progress=Submitted&amp;…</c>.</param>
    /// <param name="policy">The emergency policy in force. Default: FastStagedRollout.</param>
    /// <returns>The request, or every problem.</returns>
    public static TransitionRequestResult ParseForm(ReadOnlySpan<char> body, EmergencyPolicy policy = EmergencyPolicy.FastStagedRollout)
    {
        if (body.Length > MaxBodyLength)
        {
            return TooLarge(body.Length, "characters");
        }

        Span<char> buffer = stackalloc char[MaxValue * 4];
        Span<char> keyBuffer = stackalloc char[64];
        scoped RawFields fields = default;
        fields.Chars = body;
        fields.ClearPositions();
        var offset = 0;
        var rest = body;
        while (!rest.IsEmpty)
        {
            var amp = rest.IndexOf('&');
            var pair = amp < 0 ? rest : rest[..amp];
            var pairAt = offset;
            rest = amp < 0 ? [] : rest[(amp + 1)..];
            offset += pair.Length + 1;
            if (pair.IsEmpty)
            {
                continue;
            }

            var eq = pair.IndexOf('=');
            var rawKey = eq < 0 ? pair : pair[..eq];
            var rawValue = eq < 0 ? [] : pair[(eq + 1)..];
            if (!TryDecode(rawKey, keyBuffer, out var keyLength))
            {
                continue;
            }

            var slot = FieldIndex(keyBuffer[..keyLength]);
            if (slot < 0)
            {
                continue;
            }

            var valueAt = eq < 0 ? pairAt : pairAt + eq + 1;

            // Checked before decoding: the first value lives in the slot's buffer and a repeat must not overwrite it.
            if (fields.IsPresent(slot))
            {
                fields.Repeat(slot, valueAt);
                continue;
            }

            fields.SetPosition(slot, valueAt);
            var target = buffer.Slice(slot * MaxValue, MaxValue);
            if (!TryDecode(rawValue, target, out var length))
            {
                fields.MarkPresent(slot);
                fields.MarkTooLong(slot);
                continue;
            }

            fields.Set(slot, target[..length]);
        }

        return Validate(ref fields, null, policy);
    }

    /// <summary>Parses and validates a JSON body: an object with the SPEC §6 fields (Ticket_Id a number or a string; Emergency_Release "Yes"/"No" or a boolean).</summary>
    /// <param name="json">The body.</param>
    /// <param name="policy">The emergency policy in force. Default: FastStagedRollout.</param>
    /// <returns>The request, or every problem.</returns>
    public static TransitionRequestResult ParseJson(string? json, EmergencyPolicy policy = EmergencyPolicy.FastStagedRollout)
    {
        if (json is null)
        {
            return Invalid("the body is empty; expected a JSON object.");
        }

        if (json.Length > MaxBodyLength)
        {
            return TooLarge(json.Length, "characters");
        }

        var lone = TextPosition.IndexOfLoneSurrogate(json);
        if (lone >= 0)
        {
            var (line, column) = TextPosition.Of(json.AsSpan(), lone);
            return Invalid($"the body is not valid JSON: line {line}, column {column}: U+{(int)json[lone]:X4} is half of a surrogate pair without its other half; it is not a character.");
        }

        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(json.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(json, rented);
            return ParseJson(rented.AsSpan(0, length), policy);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Parses and validates a UTF-8 JSON body.</summary>
    /// <param name="utf8Json">The body as UTF-8 bytes.</param>
    /// <param name="policy">The emergency policy in force. Default: FastStagedRollout.</param>
    /// <returns>The request, or every problem.</returns>
    public static TransitionRequestResult ParseJson(ReadOnlySpan<byte> utf8Json, EmergencyPolicy policy = EmergencyPolicy.FastStagedRollout)
    {
        if (utf8Json.Length > MaxBodyLength)
        {
            return TooLarge(utf8Json.Length, "bytes");
        }

        if (utf8Json.TrimStart(" \t\r\n"u8).IsEmpty)
        {
            return Invalid("the body is empty; expected a JSON object.");
        }

        if (StrictJson.Check(utf8Json, MaxJsonDepth) is { } problem)
        {
            return Invalid($"the body is not valid JSON: {problem}");
        }

        Span<char> buffer = stackalloc char[MaxValue * 4];
        Span<char> keyBuffer = stackalloc char[64];
        scoped RawFields fields = default;
        fields.Utf8 = utf8Json;
        fields.ClearPositions();
        var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxJsonDepth });
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return Invalid($"the body must be a JSON object, not {Describe(reader.TokenType)}.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var slot = -1;
                if (reader.ValueSpan.Length <= keyBuffer.Length)
                {
                    var keyLength = reader.CopyString(keyBuffer);
                    slot = FieldIndex(keyBuffer[..keyLength]);
                }

                reader.Read();
                if (slot < 0)
                {
                    reader.Skip();
                    continue;
                }

                var valueAt = (int)reader.TokenStartIndex;
                if (fields.IsPresent(slot))
                {
                    fields.Repeat(slot, valueAt);
                    reader.Skip();
                    continue;
                }

                fields.SetPosition(slot, valueAt);
                var target = buffer.Slice(slot * MaxValue, MaxValue);
                switch (reader.TokenType)
                {
                    case JsonTokenType.Null:
                        break;
                    case JsonTokenType.String when reader.ValueSpan.Length <= MaxValue:
                        fields.Set(slot, target[..reader.CopyString(target)]);
                        break;
                    case JsonTokenType.String:
                        fields.MarkPresent(slot);
                        fields.MarkTooLong(slot);
                        break;
                    case JsonTokenType.Number when slot == 0 && reader.ValueSpan.Length <= MaxValue:
                        var digits = Encoding.UTF8.GetChars(reader.ValueSpan, target);
                        fields.Set(slot, target[..digits]);
                        break;
                    case JsonTokenType.True or JsonTokenType.False when slot == 3:
                        fields.Set(slot, reader.TokenType == JsonTokenType.True ? "Yes" : "No");
                        break;
                    default:
                        fields.MarkPresent(slot);
                        fields.MarkWrongType(slot, reader.TokenType);
                        reader.Skip();
                        break;
                }
            }
        }
        catch (JsonException)
        {
            // StrictJson has checked the text already; this is only reached if it and the reader disagree.
            return Invalid("the body is not valid JSON.");
        }

        return Validate(ref fields, null, policy);
    }

    /// <summary>Returns whether the table has a row from <paramref name="previous"/> to <paramref name="current"/> for the emergency flag and policy.</summary>
    /// <param name="previous">The state left.</param>
    /// <param name="current">The state entered.</param>
    /// <param name="emergencyRelease">Whether EmergencyRelease is Yes.</param>
    /// <param name="policy">The emergency policy.</param>
    /// <returns><see langword="true"/> when some row allows it (actor, reason, reports and slot aside).</returns>
    public static bool IsInTable(RolloutProgress previous, RolloutProgress current, bool emergencyRelease, EmergencyPolicy policy)
    {
        foreach (var rule in TransitionTable.Rules)
        {
            if (!rule.AppliesFrom(previous))
            {
                continue;
            }

            var targetMatches = rule.TargetKind == TransitionTargetKind.Fixed
                ? rule.To == current
                : current != RolloutProgress.Failed;
            if (!targetMatches)
            {
                continue;
            }

            if (rule.HoldsFor(emergencyRelease, policy))
            {
                return true;
            }
        }

        return false;
    }

    private static TransitionRequestResult Invalid(string error) => new(default, [error]);

    private static TransitionRequestResult TooLarge(int length, string unit) =>
        Invalid($"the body is {length:N0} {unit}; a transition request body may be at most {MaxBodyLength:N0} {unit} (1 MiB).");

    private static TransitionRequestResult Validate(scoped ref RawFields fields, List<string>? errors, EmergencyPolicy policy)
    {
        for (var slot = 0; slot < 4; slot++)
        {
            if (fields.Repeats(slot) is var repeats and > 0)
            {
                var (line, column) = fields.Position(fields.RepeatAt(slot));
                (errors ??= []).Add($"{FieldName(slot)} is given {repeats + 1:N0} times (again at line {line}, column {column}); give it once.");
            }

            if (fields.IsTooLong(slot))
            {
                (errors ??= []).Add(fields.WrongType(slot) is { } token
                    ? $"{fields.Name(slot)} must be {(slot == 0 ? "a number or a string" : slot == 3 ? "\"Yes\", \"No\" or a boolean" : "a string")}, not {Describe(token)}."
                    : $"{fields.Name(slot)} is longer than {MaxValue} characters.");
            }
        }

        var ticketId = 0;
        if (!fields.HasTicketId)
        {
            (errors ??= []).Add($"{TicketIdField} is missing.");
        }
        else if (!fields.TicketIdTooLong
            && !(int.TryParse(fields.TicketId.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out ticketId) && ticketId > 0))
        {
            (errors ??= []).Add($"{fields.Name(0)} '{fields.TicketId.ToString()}' is not a positive integer.");
        }

        var previousOk = ParseState(ref fields, 1, ref errors, out var previous);
        var currentOk = ParseState(ref fields, 2, ref errors, out var current);

        var emergency = false;
        var emergencyOk = true;
        if (fields.HasEmergency && !fields.EmergencyTooLong)
        {
            var text = fields.Emergency.Trim();
            emergency = text.Equals("Yes", StringComparison.OrdinalIgnoreCase);
            if (!emergency && !text.Equals("No", StringComparison.OrdinalIgnoreCase))
            {
                emergencyOk = false;
                (errors ??= []).Add($"{fields.Name(3)} '{fields.Emergency.ToString()}' must be Yes or No.");
            }
        }
        else if (fields.EmergencyTooLong)
        {
            emergencyOk = false;
        }
        else
        {
            // SPEC §6 lists Emergency_Release among the fields: a request without it says nothing about rows 7 and 8.
            emergencyOk = false;
            (errors ??= []).Add($"{EmergencyField} is missing.");
        }

        if (previousOk && currentOk && emergencyOk && !IsInTable(previous, current, emergency, policy))
        {
            (errors ??= []).Add(NotInTable(previous, current, emergency, policy));
        }

        return errors is null
            ? new(new TransitionRequest(ticketId, previous, current, emergency), ImmutableArray<string>.Empty)
            : new(default, [.. errors]);
    }

    private static bool ParseState(scoped ref RawFields fields, int slot, ref List<string>? errors, out RolloutProgress state)
    {
        state = default;
        if (!fields.IsPresent(slot))
        {
            (errors ??= []).Add($"{FieldName(slot)} is missing.");
            return false;
        }

        if (fields.IsTooLong(slot))
        {
            return false;
        }

        var text = slot == 1 ? fields.Previous : fields.Current;
        if (!RolloutProgressText.TryParse(text, out state))
        {
            (errors ??= []).Add($"{fields.Name(slot)}: {RolloutProgressText.UnknownStateMessage(text.ToString())}");
            return false;
        }

        return true;
    }

    private static string NotInTable(RolloutProgress previous, RolloutProgress current, bool emergency, EmergencyPolicy policy)
    {
        var flag = emergency ? "Yes" : "No";
        var why = previous == current ? $"the ticket cannot move from {previous.ToName()} to itself"
            : previous.IsTerminal() ? $"{previous.ToName()} is terminal (only Failed, row 20, may follow)"
            : current == RolloutProgress.Failed ? string.Empty
            : IsInTable(previous, current, !emergency, policy) ? $"it needs {EmergencyField} = {(emergency ? "No" : "Yes")}"
            : IsInTable(previous, current, true, Other(policy)) ? $"it needs the emergency policy {Other(policy)}, and the policy is {policy}"
            : "backward or skipping transitions are blocked";
        return $"the transition {previous.ToName()} → {current.ToName()} is not in the transition table for {EmergencyField} = {flag}" +
            (why.Length == 0 ? "." : $": {why}.");
    }

    private static EmergencyPolicy Other(EmergencyPolicy policy) =>
        policy == EmergencyPolicy.FastStagedRollout ? EmergencyPolicy.StraightToProduction : EmergencyPolicy.FastStagedRollout;

    private static int FieldIndex(ReadOnlySpan<char> key) =>
        key.Equals(TicketIdField, StringComparison.OrdinalIgnoreCase) ? 0
        : key.Equals(PreviousField, StringComparison.OrdinalIgnoreCase) ? 1
        : key.Equals(CurrentField, StringComparison.OrdinalIgnoreCase) ? 2
        : key.Equals(EmergencyField, StringComparison.OrdinalIgnoreCase) ? 3
        : -1;

    private static string FieldName(int slot) => slot switch
    {
        0 => TicketIdField,
        1 => PreviousField,
        2 => CurrentField,
        _ => EmergencyField,
    };

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    // Form decoding: '+' is a space and %XX escapes are UTF-8 bytes; a malformed escape is kept as written.
    private static bool TryDecode(ReadOnlySpan<char> raw, Span<char> destination, out int written)
    {
        written = 0;
        if (raw.IndexOfAny('%', '+') < 0)
        {
            if (raw.Length > destination.Length)
            {
                return false;
            }

            raw.CopyTo(destination);
            written = raw.Length;
            return true;
        }

        Span<byte> bytes = stackalloc byte[MaxValue * 3];
        var count = 0;
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (count + 4 > bytes.Length)
            {
                return false;
            }

            if (c == '+')
            {
                bytes[count++] = (byte)' ';
            }
            else if (c == '%' && i + 2 < raw.Length
                && byte.TryParse(raw.Slice(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
            {
                bytes[count++] = b;
                i += 2;
            }
            else if (c < 0x80)
            {
                bytes[count++] = (byte)c;
            }
            else
            {
                count += Encoding.UTF8.GetBytes([c], bytes[count..]);
            }
        }

        if (Encoding.UTF8.GetCharCount(bytes[..count]) > destination.Length)
        {
            return false;
        }

        written = Encoding.UTF8.GetChars(bytes[..count], destination);
        return true;
    }

    private ref struct RawFields
    {
        public ReadOnlySpan<char> TicketId;
        public ReadOnlySpan<char> Previous;
        public ReadOnlySpan<char> Current;
        public ReadOnlySpan<char> Emergency;
        public bool HasTicketId;
        public bool HasPrevious;
        public bool HasCurrent;
        public bool HasEmergency;
        public bool TicketIdTooLong;
        public bool PreviousTooLong;
        public bool CurrentTooLong;
        public bool EmergencyTooLong;

        /// <summary>The body the positions are offsets into: UTF-8 for JSON, characters for a form; both empty for flags.</summary>
        public ReadOnlySpan<byte> Utf8;
        public ReadOnlySpan<char> Chars;

        private Slots<int> _at;
        private Slots<int> _repeats;
        private Slots<int> _repeatAt;
        private Slots<JsonTokenType> _wrongType;

        public readonly bool IsPresent(int slot) => slot switch
        {
            0 => HasTicketId,
            1 => HasPrevious,
            2 => HasCurrent,
            _ => HasEmergency,
        };

        public readonly bool IsTooLong(int slot) => slot switch
        {
            0 => TicketIdTooLong,
            1 => PreviousTooLong,
            2 => CurrentTooLong,
            _ => EmergencyTooLong,
        };

        public readonly int Repeats(int slot) => _repeats[slot];

        public readonly int RepeatAt(int slot) => _repeatAt[slot];

        public readonly JsonTokenType? WrongType(int slot) => _wrongType[slot] == JsonTokenType.None ? null : _wrongType[slot];

        public void ClearPositions()
        {
            for (var i = 0; i < 4; i++)
            {
                _at[i] = -1;
            }
        }

        public void SetPosition(int slot, int offset) => _at[slot] = offset;

        public void Repeat(int slot, int offset)
        {
            if (_repeats[slot]++ == 0)
            {
                _repeatAt[slot] = offset;
            }
        }

        public void MarkWrongType(int slot, JsonTokenType token)
        {
            MarkTooLong(slot);
            _wrongType[slot] = token;
        }

        /// <summary>The field's name, with the line and column of its value when it came from a body.</summary>
        public readonly string Name(int slot)
        {
            if (_at[slot] < 0 || (Utf8.IsEmpty && Chars.IsEmpty))
            {
                return FieldName(slot);
            }

            var (line, column) = Position(_at[slot]);
            return $"{FieldName(slot)} (line {line}, column {column})";
        }

        public readonly (int Line, int Column) Position(int offset) =>
            Utf8.IsEmpty ? TextPosition.Of(Chars, offset) : TextPosition.Of(Utf8, offset);

        public void MarkPresent(int slot)
        {
            switch (slot)
            {
                case 0: HasTicketId = true; break;
                case 1: HasPrevious = true; break;
                case 2: HasCurrent = true; break;
                default: HasEmergency = true; break;
            }
        }

        public void MarkTooLong(int slot)
        {
            switch (slot)
            {
                case 0: TicketIdTooLong = true; break;
                case 1: PreviousTooLong = true; break;
                case 2: CurrentTooLong = true; break;
                default: EmergencyTooLong = true; break;
            }
        }

        public void Set(int slot, ReadOnlySpan<char> value)
        {
            MarkPresent(slot);
            switch (slot)
            {
                case 0: TicketId = value; break;
                case 1: Previous = value; break;
                case 2: Current = value; break;
                default: Emergency = value; break;
            }
        }
    }

    [System.Runtime.CompilerServices.InlineArray(4)]
    private struct Slots<T>
    {
        private T _first;
    }
}
