using System.Diagnostics;

namespace DocExchange.Integration.Tests;

/// <summary>A small tmpfs mounted on a fresh folder (needs root), filled and freed on demand, unmounted when disposed.</summary>
internal sealed class SmallDisk : IDisposable
{
    private readonly string _filler;

    private SmallDisk(string path)
    {
        Path = path;
        _filler = System.IO.Path.Combine(path, "filler.bin");
    }

    public string Path { get; }

    public static SmallDisk Mount(int megabytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "docexchange-small-disk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", path);
        return new SmallDisk(path);
    }

    /// <summary>Writes a filler file until the disk is full, leaving <paramref name="leaveBytes"/> (rounded to pages) free.</summary>
    public void Fill(long leaveBytes = 0)
    {
        using var filler = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 1);
        var block = new byte[64 * 1024];
        while (new DriveInfo(Path).AvailableFreeSpace > leaveBytes)
        {
            var free = new DriveInfo(Path).AvailableFreeSpace - leaveBytes;
            try
            {
                filler.Write(block, 0, (int)Math.Min(block.Length, Math.Max(free, 4096)));
                filler.Flush();
            }
            catch (IOException)
            {
                break;
            }
        }
    }

    public void Free() => File.Delete(_filler);

    public void Dispose()
    {
        Run("umount", "-l", Path);
        Directory.Delete(Path);
    }

    private static void Run(string command, params string[] arguments)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed: {error}");
    }
}
