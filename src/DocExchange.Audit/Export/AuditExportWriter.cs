using DocExchange.Audit.Checkpoints;
using DocExchange.Audit.Events;
using DocExchange.Audit.Merkle;

namespace DocExchange.Audit.Export;

/// <summary>
/// Writes an audit export: a header line with the signed checkpoint, then one line per leaf from index 0 to the
/// checkpoint's size, each optionally with its inclusion proof against that checkpoint.
/// </summary>
public sealed class AuditExportWriter
{
    private readonly Stream _output;
    private long _leavesWritten;
    private long _treeSize = -1;

    /// <param name="output">Receives the export; the writer does not close it.</param>
    public AuditExportWriter(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    public async Task WriteHeaderAsync(SignedCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        if (_treeSize >= 0)
        {
            throw new InvalidOperationException("The export header has already been written.");
        }
        var w = new CanonicalJsonWriter();
        w.StartObject();
        w.PropertyName("format");
        w.StringValue(AuditExportFormat.FormatName);
        w.PropertyName("version");
        w.NumberValue(AuditExportFormat.Version);
        w.PropertyName("checkpoint");
        w.StartObject();
        w.PropertyName("body");
        w.StringValue(Convert.ToBase64String(checkpoint.Body));
        w.PropertyName("signature");
        w.StringValue(Convert.ToBase64String(checkpoint.Signature));
        w.PropertyName("keyId");
        w.StringValue(Convert.ToBase64String(checkpoint.KeyId));
        if (checkpoint.TimestampToken is { Length: > 0 } token)
        {
            w.PropertyName("timestampToken");
            w.StringValue(Convert.ToBase64String(token));
        }
        w.EndObject();
        w.EndObject();
        await WriteLineAsync(w.ToArray(), cancellationToken).ConfigureAwait(false);
        _treeSize = checkpoint.Checkpoint.TreeSize;
    }

    /// <summary>Writes the next leaf (canonical event bytes) and, optionally, its inclusion proof against the header's checkpoint.</summary>
    public async Task WriteLeafAsync(ReadOnlyMemory<byte> leaf, InclusionProof? inclusion, CancellationToken cancellationToken)
    {
        if (_treeSize < 0)
        {
            throw new InvalidOperationException("Write the header before the leaves.");
        }
        if (leaf.Length == 0 || leaf.Span[0] != (byte)'{' || leaf.Span.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
        {
            throw new ArgumentException("A leaf in an export must be a one-line JSON object (a canonical audit event).", nameof(leaf));
        }
        if (inclusion is not null && (inclusion.LeafIndex != _leavesWritten || inclusion.TreeSize != _treeSize))
        {
            throw new ArgumentException($"The inclusion proof is for leaf {inclusion.LeafIndex} of size {inclusion.TreeSize}; the export needs leaf {_leavesWritten} of size {_treeSize}.", nameof(inclusion));
        }
        var w = new CanonicalJsonWriter();
        if (inclusion is not null)
        {
            w.StartArray();
            foreach (byte[] hash in inclusion.Hashes)
            {
                w.StringValue(Convert.ToBase64String(hash));
            }
            w.EndArray();
        }
        byte[] proofJson = w.ToArray();
        int length = 8 + leaf.Length + (inclusion is null ? 0 : 13 + proofJson.Length) + 1 + 1;
        byte[] line = new byte[length];
        int at = Copy("{\"leaf\":"u8, line, 0);
        leaf.Span.CopyTo(line.AsSpan(at));
        at += leaf.Length;
        if (inclusion is not null)
        {
            at = Copy(",\"inclusion\":"u8, line, at);
            at = Copy(proofJson, line, at);
        }
        at = Copy("}\n"u8, line, at);
        await _output.WriteAsync(line.AsMemory(0, at), cancellationToken).ConfigureAwait(false);
        _leavesWritten++;
    }

    private async Task WriteLineAsync(byte[] json, CancellationToken cancellationToken)
    {
        await _output.WriteAsync(json, cancellationToken).ConfigureAwait(false);
        await _output.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }

    private static int Copy(ReadOnlySpan<byte> source, byte[] destination, int at)
    {
        source.CopyTo(destination.AsSpan(at));
        return at + source.Length;
    }
}
