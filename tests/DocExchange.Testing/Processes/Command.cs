using System.Diagnostics;
using System.Text;

namespace DocExchange.Testing.Processes;

/// <summary>Runs external programs, optionally as another OS user (for tools that refuse to run as root).</summary>
public static class Command
{
    /// <summary>
    /// A start description for <paramref name="program"/>; when <paramref name="runAs"/> is set it runs through
    /// <c>setpriv</c> as that user (its groups included), which only root may do.
    /// </summary>
    public static ProcessStartInfo Describe(string program, IEnumerable<string> arguments, string? runAs, string workingDirectory)
    {
        var info = new ProcessStartInfo
        {
            FileName = runAs is null ? program : "setpriv",
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (runAs is not null)
        {
            foreach (var a in new[] { $"--reuid={runAs}", $"--regid={runAs}", "--init-groups", "--", program }) info.ArgumentList.Add(a);
        }
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        // Tools such as initdb read locale variables; keep them predictable.
        info.Environment["LC_ALL"] = "C.UTF-8";
        info.Environment["LANG"] = "C.UTF-8";
        return info;
    }

    /// <summary>Runs a command to its end and returns its exit code with stdout and stderr interleaved by line.</summary>
    public static async Task<CommandResult> RunAsync(ProcessStartInfo info, CancellationToken cancellationToken)
    {
        var text = $"{info.FileName} {string.Join(' ', info.ArgumentList)}";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"could not start `{text}`: {e.Message}", e);
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        lock (output) return new CommandResult(text, process.ExitCode, output.ToString());
    }
}
