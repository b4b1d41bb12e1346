using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DocExchange.LoadGenerator.Report;

/// <summary>What the numbers were measured on, from /proc.</summary>
internal sealed record MachineInfo(string CpuModel, int Cores, double MemoryGiB, string Kernel, string Runtime)
{
    public static MachineInfo Read()
    {
        var cpu = ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memKb = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var memory = memKb is null ? 0 : double.Parse(memKb, System.Globalization.CultureInfo.InvariantCulture) / (1024 * 1024);
        return new MachineInfo(cpu, Environment.ProcessorCount, memory, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription);
    }

    public static string GitCommit(string fallback)
    {
        if (fallback != "unknown")
        {
            return fallback;
        }
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", "rev-parse --short HEAD") { RedirectStandardOutput = true, UseShellExecute = false });
            var output = git!.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : fallback;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return fallback;
        }
    }

    private static IEnumerable<string> ReadLines(string path) => File.Exists(path) ? File.ReadLines(path) : [];
}
