using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace DocExchange.Protocol.Grpc.Wire;

/// <summary>Converts <see cref="Metadata"/> to and from HTTP/2 headers on both sides.</summary>
public static class MetadataHeaders
{
    /// <summary>The header value of an entry: base64 without padding for "-bin" keys (PROTOCOL-HTTP2.md).</summary>
    public static string EncodeValue(Metadata.Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes).TrimEnd('=') : entry.Value;
    }

    /// <summary>Decodes a "-bin" value, padded or not, as the spec requires receivers to accept both.</summary>
    public static byte[] DecodeBinaryValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var trimmed = value.Trim().TrimEnd('=');
        var padding = (4 - (trimmed.Length % 4)) % 4;
        if (padding == 3)
        {
            throw new FormatException("A base64 value cannot have a length of 1 modulo 4.");
        }

        return Convert.FromBase64String(padding == 0 ? trimmed : trimmed + new string('=', padding));
    }

    public static void WriteTo(Metadata metadata, IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var entry in metadata)
        {
            headers.Append(entry.Key, EncodeValue(entry));
        }
    }

    public static void WriteTo(Metadata metadata, HttpHeaders headers)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(headers);
        foreach (var entry in metadata)
        {
            headers.TryAddWithoutValidation(entry.Key, EncodeValue(entry));
        }
    }

    /// <summary>The custom metadata among received headers; reserved headers are left out.</summary>
    public static Metadata FromHeaders(IHeaderDictionary headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var metadata = new Metadata();
        foreach (var (key, values) in headers)
        {
            foreach (var value in values)
            {
                AddFromWire(metadata, key, value ?? string.Empty);
            }
        }

        return metadata;
    }

    /// <summary>The custom metadata among received headers (or trailers); reserved headers are left out.</summary>
    public static Metadata FromHeaders(params HttpHeaders[] headerSets)
    {
        var metadata = new Metadata();
        foreach (var headers in headerSets)
        {
            foreach (var (key, values) in headers.NonValidated)
            {
                foreach (var value in values)
                {
                    AddFromWire(metadata, key, value);
                }
            }
        }

        return metadata;
    }

    private static void AddFromWire(Metadata metadata, string key, string value)
    {
        var normalized = key.ToLowerInvariant();
        if (Metadata.IsReservedKey(normalized))
        {
            return;
        }

        if (normalized.EndsWith(Metadata.BinaryHeaderSuffix, StringComparison.Ordinal))
        {
            // Several values of one key may arrive joined by commas; base64 has no commas of its own.
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                byte[] bytes;
                try
                {
                    bytes = DecodeBinaryValue(part);
                }
                catch (FormatException ex)
                {
                    throw new RpcException(new Status(StatusCode.Internal, $"Header '{normalized}' is not valid base64.", ex));
                }

                metadata.Add(new Metadata.Entry(normalized, bytes));
            }

            return;
        }

        try
        {
            metadata.Add(new Metadata.Entry(normalized, value));
        }
        catch (ArgumentException)
        {
            // A header that is not valid gRPC metadata (odd name or non-ASCII value) is not the application's.
        }
    }
}
