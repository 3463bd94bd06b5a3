using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using SwRel.Domain.Requests;

namespace SwRel.Server.Requests;

/// <summary>Finds the ticket an invalid request names, so that the ticket can be told what was wrong.</summary>
internal static class TicketIdReader
{
    /// <summary>The positive Ticket_Id of a form or JSON body, or 0 when there is none.</summary>
    public static int Find(ReadOnlySpan<byte> body, bool json)
    {
        string? text = null;
        try
        {
            if (json)
            {
                var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    return 0;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isTicket = reader.ValueTextEquals(TransitionRequestParser.TicketIdField);
                    reader.Read();
                    if (isTicket && reader.TokenType is JsonTokenType.String or JsonTokenType.Number)
                    {
                        text = reader.TokenType == JsonTokenType.String ? reader.GetString() : Encoding.UTF8.GetString(reader.ValueSpan);
                        break;
                    }

                    reader.Skip();
                }
            }
            else
            {
                var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
                if (form.TryGetValue(TransitionRequestParser.TicketIdField, out var values) && values.Count == 1)
                {
                    text = values[0];
                }
            }
        }
        catch (JsonException)
        {
            return 0;
        }

        return int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : 0;
    }
}
