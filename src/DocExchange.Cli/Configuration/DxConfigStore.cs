using System.Text.Json;
using System.Text.Json.Serialization;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;

namespace DocExchange.Cli.Configuration;

/// <summary>Reads and writes the configuration file. Writes are atomic and, on Unix, readable by the owner only.</summary>
public sealed class DxConfigStore
{
    private static readonly JsonSerializerOptions FileJsonOptions = new(DxJson.Options)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public DxConfigStore(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Path = System.IO.Path.GetFullPath(path);
    }

    public string Path { get; }

    /// <summary>The store at <c>$DX_CONFIG</c> or the per-user default location.</summary>
    public static DxConfigStore FromEnvironment() => new(DefaultPath());

    public static string DefaultPath()
    {
        if (DxEnvironment.Get(DxEnvironment.Config) is { } explicitPath)
        {
            return explicitPath;
        }
        string configHome = DxEnvironment.Get("XDG_CONFIG_HOME")
            ?? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return System.IO.Path.Combine(configHome, "docexchange", "dx.json");
    }

    /// <summary>The file's content, or an empty configuration when the file does not exist.</summary>
    public async Task<DxConfigFile> LoadAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(Path))
        {
            return new DxConfigFile();
        }
        await using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
        try
        {
            var config = await JsonSerializer.DeserializeAsync<DxConfigFile>(stream, FileJsonOptions, cancellationToken).ConfigureAwait(false);
            return config ?? new DxConfigFile();
        }
        catch (JsonException e)
        {
            throw DxException.Usage($"the configuration file {Path} is not valid: {e.Message} Fix it or remove it and run 'dx profile set' again.");
        }
    }

    public async Task SaveAsync(DxConfigFile config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        string directory = System.IO.Path.GetDirectoryName(Path)!;
        Directory.CreateDirectory(directory);
        string temporary = $"{Path}.{Environment.ProcessId}.tmp";
        var creation = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            // The file may hold a certificate password.
            creation.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            await using (var stream = new FileStream(temporary, creation))
            {
                await JsonSerializer.SerializeAsync(stream, config, FileJsonOptions, cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync("\n"u8.ToArray(), cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
