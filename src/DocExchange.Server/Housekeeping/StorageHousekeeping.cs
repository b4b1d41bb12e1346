using DocExchange.Server.Services;
using DocExchange.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocExchange.Server.Housekeeping;

/// <summary>
/// Keeps the server's disks clean and says when they are full: sweeps the spool folder and the blobs' temporary folder
/// of files no live upload holds (what a killed server left behind), at start-up and then every
/// <c>DocExchange:Storage:HousekeepingIntervalSeconds</c>, and logs when <see cref="DiskSpaceCheck"/> changes its
/// answer (the gRPC health service reports it live through <see cref="DiskSpaceHealthCheck"/>).
/// </summary>
public sealed class StorageHousekeeping(
    SpoolFolder spool, FileBlobStore blobs, DiskSpaceCheck disks, TimeSpan interval, TimeProvider time,
    ILogger<StorageHousekeeping> logger) : BackgroundService
{
    /// <summary>
    /// In the periodic sweep, a file must also be this old: it covers the instant between a writer creating its file
    /// and locking it. At start-up nothing of this process is live, and another instance's file is locked.
    /// </summary>
    private static readonly TimeSpan MinimumIdle = TimeSpan.FromMinutes(1);

    private bool? _hadRoom;

    /// <summary>The start-up pass: every abandoned file, whatever its age; then the disk space.</summary>
    public void RunAtStartUp() => RunOnce(TimeSpan.Zero);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            RunOnce(MinimumIdle);
        }
    }

    private void RunOnce(TimeSpan minimumIdle)
    {
        try
        {
            var now = time.GetUtcNow();
            var (spoolFiles, spoolBytes) = spool.SweepAbandoned(minimumIdle, now);
            var (partFiles, partBytes) = blobs.SweepAbandoned(minimumIdle, now);
            if (spoolFiles + partFiles > 0)
            {
                logger.LogInformation("Deleted {Files} abandoned temporary files ({Bytes} bytes) left by uploads that died with their server: {SpoolFiles} in {SpoolFolder}, {PartFiles} in {BlobTemp}",
                    spoolFiles + partFiles, spoolBytes + partBytes, spoolFiles, spool.Path, partFiles, blobs.TempDirectory);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Sweeping abandoned temporary files failed; the next pass tries again");
        }

        var status = disks.Check();
        if (status.HasRoom != _hadRoom)
        {
            if (status.HasRoom) logger.LogInformation("Disk space: {Status}", status.Description);
            else logger.LogWarning("Disk space is short: {Status}; sends, acknowledgements and registrations that need it are refused with RESOURCE_EXHAUSTED until space is freed", status.Description);
            _hadRoom = status.HasRoom;
        }
    }
}
