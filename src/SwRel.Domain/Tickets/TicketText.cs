namespace SwRel.Domain.Tickets;

/// <summary>Checks shared by ticket fields and options.</summary>
internal static class TicketText
{
    /// <summary>Whether a person or group name is usable: no control characters, no commas, no surrounding spaces.</summary>
    public static bool IsCleanName(string value)
    {
        if (value.Length == 0 || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || c == ',')
            {
                return false;
            }
        }

        return true;
    }
}
