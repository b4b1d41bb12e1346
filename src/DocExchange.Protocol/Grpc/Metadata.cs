using System.Collections;
using System.Text;

namespace DocExchange.Protocol.Grpc;

/// <summary>
/// Ordered custom headers or trailers of a call. Keys are lowercase; keys ending in "-bin" carry bytes
/// (base64 on the wire), the others printable ASCII. Keys reserved by HTTP/2 or gRPC are rejected.
/// </summary>
public sealed class Metadata : IList<Metadata.Entry>
{
    /// <summary>The suffix that marks a binary key (PROTOCOL-HTTP2.md, Custom-Metadata).</summary>
    public const string BinaryHeaderSuffix = "-bin";

    private readonly List<Entry> _entries = [];

    public int Count => _entries.Count;

    public bool IsReadOnly => false;

    public Entry this[int index]
    {
        get => _entries[index];
        set => _entries[index] = value ?? throw new ArgumentNullException(nameof(value));
    }

    public Metadata Add(string key, string value)
    {
        Add(new Entry(key, value));
        return this;
    }

    public Metadata Add(string key, byte[] valueBytes)
    {
        Add(new Entry(key, valueBytes));
        return this;
    }

    public void Add(Entry item)
    {
        ArgumentNullException.ThrowIfNull(item);
        _entries.Add(item);
    }

    /// <summary>The last entry with this key, or null.</summary>
    public Entry? Get(string key)
    {
        var normalized = NormalizeKey(key);
        for (var i = _entries.Count - 1; i >= 0; i--)
        {
            if (_entries[i].Key == normalized)
            {
                return _entries[i];
            }
        }

        return null;
    }

    /// <summary>The string value of the last ASCII entry with this key, or null.</summary>
    public string? GetValue(string key)
    {
        var entry = Get(key);
        if (entry is { IsBinary: true })
        {
            throw new InvalidOperationException($"Key '{entry.Key}' is binary; use GetValueBytes.");
        }

        return entry?.Value;
    }

    /// <summary>The bytes of the last binary entry with this key, or null.</summary>
    public byte[]? GetValueBytes(string key)
    {
        var entry = Get(key);
        if (entry is { IsBinary: false })
        {
            throw new InvalidOperationException($"Key '{entry.Key}' is not binary; use GetValue.");
        }

        return entry?.ValueBytes;
    }

    public IEnumerable<Entry> GetAll(string key)
    {
        var normalized = NormalizeKey(key);
        return _entries.Where(e => e.Key == normalized);
    }

    public void Clear() => _entries.Clear();

    public bool Contains(Entry item) => _entries.Contains(item);

    public void CopyTo(Entry[] array, int arrayIndex) => _entries.CopyTo(array, arrayIndex);

    public int IndexOf(Entry item) => _entries.IndexOf(item);

    public void Insert(int index, Entry item) => _entries.Insert(index, item ?? throw new ArgumentNullException(nameof(item)));

    public bool Remove(Entry item) => _entries.Remove(item);

    public void RemoveAt(int index) => _entries.RemoveAt(index);

    public List<Entry>.Enumerator GetEnumerator() => _entries.GetEnumerator();

    IEnumerator<Entry> IEnumerable<Entry>.GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _entries.GetEnumerator();

    /// <summary>True when a key may not be used as custom metadata (pseudo-headers, grpc-*, HTTP/2 connection headers).</summary>
    public static bool IsReservedKey(string key)
    {
        // PROTOCOL-HTTP2.md: "grpc-" keys are reserved; the others are HTTP/2 or transport headers we set ourselves.
        return key.StartsWith(':')
            || key.StartsWith("grpc-", StringComparison.Ordinal)
            || key is "content-type" or "te" or "host" or "connection" or "keep-alive" or "proxy-connection"
                or "transfer-encoding" or "upgrade" or "content-length" or "content-encoding" or "accept-encoding"
                or "user-agent";
    }

    internal static string NormalizeKey(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var normalized = key.ToLowerInvariant();
        foreach (var c in normalized)
        {
            // PROTOCOL-HTTP2.md: Header-Name → 1*( %x30-39 / %x61-7A / "_" / "-" / ".")
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'z') or '_' or '-' or '.'))
            {
                throw new ArgumentException($"Metadata key '{key}' contains '{c}'; only 0-9, a-z, '_', '-' and '.' are allowed.", nameof(key));
            }
        }

        return normalized;
    }

    /// <summary>One key/value pair.</summary>
    public sealed class Entry
    {
        private readonly string? _value;
        private readonly byte[]? _valueBytes;

        public Entry(string key, string value)
        {
            Key = NormalizeKey(key);
            ThrowIfReserved(Key);
            if (Key.EndsWith(BinaryHeaderSuffix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Key '{Key}' ends in '-bin' and needs a byte[] value.", nameof(key));
            }

            ArgumentNullException.ThrowIfNull(value);
            foreach (var c in value)
            {
                // PROTOCOL-HTTP2.md: ASCII-Value → 1*( %x20-%x7E )
                if (c is < ' ' or > '~')
                {
                    throw new ArgumentException($"Value of metadata key '{Key}' must be printable ASCII; use a '-bin' key for other data.", nameof(value));
                }
            }

            _value = value;
        }

        public Entry(string key, byte[] valueBytes)
        {
            Key = NormalizeKey(key);
            ThrowIfReserved(Key);
            if (!Key.EndsWith(BinaryHeaderSuffix, StringComparison.Ordinal))
            {
                throw new ArgumentException($"Key '{Key}' carries bytes, so it must end in '-bin'.", nameof(key));
            }

            ArgumentNullException.ThrowIfNull(valueBytes);
            _valueBytes = valueBytes;
        }

        public string Key { get; }

        public bool IsBinary => _valueBytes is not null;

        /// <summary>The ASCII value; throws for a binary entry.</summary>
        public string Value => _value ?? throw new InvalidOperationException($"Key '{Key}' is binary; use ValueBytes.");

        /// <summary>The bytes of a binary entry, or the ASCII bytes of a string entry.</summary>
        public byte[] ValueBytes => _valueBytes ?? Encoding.ASCII.GetBytes(_value!);

        public override string ToString() =>
            IsBinary ? $"[Entry: key={Key}, valueBytes={_valueBytes!.Length} bytes]" : $"[Entry: key={Key}, value={_value}]";

        private static void ThrowIfReserved(string key)
        {
            if (IsReservedKey(key))
            {
                throw new ArgumentException($"Metadata key '{key}' is reserved by HTTP/2 or gRPC.", nameof(key));
            }
        }
    }
}
