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
        await WriteLineAsync(ExportHeader.Encode(checkpoint), cancellationToken).ConfigureAwait(false);
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
        await WriteLineAsync(ExportLeafLine.Encode(leaf.Span, inclusion?.Hashes), cancellationToken).ConfigureAwait(false);
        _leavesWritten++;
    }

    private async Task WriteLineAsync(byte[] json, CancellationToken cancellationToken)
    {
        await _output.WriteAsync(json, cancellationToken).ConfigureAwait(false);
        await _output.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
    }
}
