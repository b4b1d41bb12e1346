using System.Buffers;
using System.Numerics;

namespace DocExchange.Server.Services;

/// <summary>
/// The memory that the sends in progress may hold their uploads in (<c>DocExchange:Storage:SpoolMemoryBytes</c>), shared
/// by all of them: an upload is spooled in memory when its buffer fits in what is left and is at most a quarter of the
/// whole; any other upload is spooled in files of the <see cref="SpoolFolder"/>. Memory and files hold the same bytes;
/// memory spares the kernel a write and two reads of each byte, files keep memory bounded whatever the senders do.
/// </summary>
public sealed class SpoolMemory
{
    /// <summary>
    /// Enough for 64 uploads of 1 MiB at once, or 4 of the largest held in memory (32 MiB: a document of up to 32 MiB
    /// less its chunks' records). The arrays come from the shared pool, which keeps what is returned for the next
    /// uploads and frees what stays unused.
    /// </summary>
    public const long DefaultBudgetBytes = 128L * 1024 * 1024;

    private long _available;

    /// <param name="budgetBytes">0: every upload is spooled in files.</param>
    public SpoolMemory(long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        BudgetBytes = budgetBytes;
        _available = budgetBytes;
    }

    public long BudgetBytes { get; }

    /// <summary>The largest buffer one upload may hold (and at most the shared pool's largest array, 1 GiB).</summary>
    public long MaxBufferBytes => Math.Min(BudgetBytes / 4, 1L << 30);

    /// <summary>Bytes of buffers held by uploads now.</summary>
    public long InUseBytes => BudgetBytes - Volatile.Read(ref _available);

    /// <summary>
    /// A pooled buffer of at least <paramref name="bytes"/>, charged to the budget until <see cref="Return"/>; null when
    /// the upload is to be spooled in files (too large, or the budget is spent by the uploads in progress).
    /// </summary>
    public byte[]? TryRent(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        // The shared pool hands out arrays of a power of two: the budget is charged what is really held.
        var charged = Charge(bytes);
        if (charged > MaxBufferBytes)
        {
            return null;
        }
        var available = Volatile.Read(ref _available);
        while (true)
        {
            if (available < charged)
            {
                return null;
            }
            var seen = Interlocked.CompareExchange(ref _available, available - charged, available);
            if (seen == available)
            {
                break;
            }
            available = seen;
        }
        byte[] buffer;
        try
        {
            buffer = ArrayPool<byte>.Shared.Rent((int)bytes);
        }
        catch
        {
            Interlocked.Add(ref _available, charged);
            throw;
        }
        // Return gives back what the array itself is charged, so the two always balance.
        Interlocked.Add(ref _available, charged - Charge(buffer.Length));
        return buffer;
    }

    /// <summary>Gives back a buffer from <see cref="TryRent"/>, once.</summary>
    public void Return(byte[] buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var charged = Charge(buffer.Length);
        ArrayPool<byte>.Shared.Return(buffer);
        Interlocked.Add(ref _available, charged);
    }

    private static long Charge(long bytes) => bytes <= 16 ? 16 : (long)BitOperations.RoundUpToPowerOf2((ulong)bytes);
}
