namespace DocExchange.Core.Documents;

/// <summary>
/// The form of a part id. A sender chooses it and every recipient sees it, so it is kept to characters that are
/// inert everywhere: in a file name, on a terminal, in a log line.
/// </summary>
public static class PartIds
{
    /// <summary>What a part id may contain, for messages.</summary>
    public const string Characters = "letters A-Z and a-z, digits 0-9, '.', '_' and '-'";

    /// <summary>Null when <paramref name="partId"/> is a valid part id of at most <paramref name="maxLength"/> characters; otherwise what is wrong.</summary>
    public static string? Problem(string? partId, int maxLength)
    {
        if (string.IsNullOrEmpty(partId))
        {
            return $"part id is required: 1 to {maxLength} {Characters}";
        }

        if (partId.Length > maxLength)
        {
            return $"part id is {partId.Length} characters long; at most {maxLength} are allowed";
        }

        if (partId is "." or "..")
        {
            return $"part id '{partId}' is not allowed: '.' and '..' name folders; use {Characters}";
        }

        foreach (var c in partId)
        {
            if (!IsAllowed(c))
            {
                return $"part id {Quoted(partId)} contains the character U+{(int)c:X4}; a part id may contain only {Characters}";
            }
        }

        return null;
    }

    private static bool IsAllowed(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-';

    /// <summary>The refused id in a message: its allowed characters kept, any other shown as '?'.</summary>
    private static string Quoted(string partId)
    {
        var shown = partId.Length > 64 ? partId[..64] + "…" : partId;
        return "'" + string.Concat(shown.Select(c => IsAllowed(c) || c == '…' ? c : '?')) + "'";
    }
}
