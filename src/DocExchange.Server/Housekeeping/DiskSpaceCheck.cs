namespace DocExchange.Server.Housekeeping;

/// <summary>
/// Whether the disks the server writes to (data, blobs, spool) have room: each folder's free space against
/// <c>DocExchange:Storage:MinimumFreeBytes</c>. A plain check, for whichever health reporting the host uses (the gRPC
/// health service through <see cref="StorageHousekeeping"/>).
/// </summary>
public sealed class DiskSpaceCheck
{
    private readonly IReadOnlyList<(string Name, string Path)> _folders;
    private readonly long _minimumFreeBytes;

    /// <param name="folders">Each folder checked, with the name a report gives it (e.g. "spool folder").</param>
    public DiskSpaceCheck(IReadOnlyList<(string Name, string Path)> folders, long minimumFreeBytes)
    {
        ArgumentNullException.ThrowIfNull(folders);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumFreeBytes);
        _folders = folders;
        _minimumFreeBytes = minimumFreeBytes;
    }

    /// <summary>The name under which the gRPC health service reports the result.</summary>
    public const string HealthServiceName = "docexchange.DiskSpace";

    public DiskSpaceStatus Check()
    {
        var lacking = new List<string>();
        foreach (var (name, path) in _folders)
        {
            try
            {
                var free = new DriveInfo(path).AvailableFreeSpace;
                if (free < _minimumFreeBytes) lacking.Add($"the {name} ({path}) has {free} bytes free, less than the {_minimumFreeBytes} required");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
            {
                lacking.Add($"the free space of the {name} ({path}) cannot be read: {e.Message}");
            }
        }
        return lacking.Count == 0
            ? new DiskSpaceStatus(true, $"every disk has at least {_minimumFreeBytes} bytes free")
            : new DiskSpaceStatus(false, string.Join("; ", lacking));
    }
}

/// <param name="HasRoom">False when a folder's disk is below the minimum (or cannot be read).</param>
/// <param name="Description">What is short of space, for the operator.</param>
public sealed record DiskSpaceStatus(bool HasRoom, string Description);
