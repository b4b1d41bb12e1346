using Microsoft.Extensions.Logging;

namespace DocExchange.Server.Security;

/// <summary>
/// The CRL files of a folder (DER or PEM, any name). The folder is looked at again at most every
/// <c>reloadInterval</c>; when a file was added, removed or changed, every file is read again, so a CRL dropped in
/// takes effect on the next call after that, without a restart.
/// </summary>
public sealed class DirectoryCrlSource(string directory, TimeSpan reloadInterval, TimeProvider time, ILogger<DirectoryCrlSource> logger)
    : IRevocationSource
{
    /// <summary>Larger files are not CRLs a CA of this service would publish; they are skipped.</summary>
    private const long MaxCrlFileBytes = 64L * 1024 * 1024;

    private readonly Lock _lock = new();
    private RevocationSnapshot _snapshot = RevocationSnapshot.Empty;
    private string? _fingerprint;
    private DateTimeOffset _lastLook = DateTimeOffset.MinValue;

    public string Directory { get; } = directory;

    public RevocationSnapshot Current
    {
        get
        {
            var now = time.GetUtcNow();
            lock (_lock)
            {
                if (now - _lastLook >= reloadInterval)
                {
                    _lastLook = now;
                    Refresh();
                }

                return _snapshot;
            }
        }
    }

    private void Refresh()
    {
        FileInfo[] files;
        try
        {
            files = new DirectoryInfo(Directory).GetFiles().Where(f => !f.Name.StartsWith('.')).OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogError(e, "The client CRL folder {Directory} cannot be read; the CRLs read before stay in force", Directory);
            return;
        }

        var fingerprint = string.Join('|', files.Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));
        if (fingerprint == _fingerprint)
        {
            return;
        }

        var crls = new List<byte[]>();
        foreach (var file in files)
        {
            if (file.Length > MaxCrlFileBytes)
            {
                logger.LogWarning("Skipped {File} in the client CRL folder: larger than {Max} bytes", file.Name, MaxCrlFileBytes);
                continue;
            }

            try
            {
                crls.Add(File.ReadAllBytes(file.FullName));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Being written right now, perhaps: keep the old set, and look again next time.
                logger.LogWarning(e, "Could not read {File} in the client CRL folder; the CRLs read before stay in force", file.Name);
                return;
            }
        }

        _fingerprint = fingerprint;
        _snapshot = new RevocationSnapshot(_snapshot.Version + 1, crls);
        logger.LogInformation("Read {Count} client CRL file(s) from {Directory}", crls.Count, Directory);
    }
}
