namespace DocExchange.Integration.Tests;

/// <summary>A fact that needs root, to mount a small tmpfs; skipped, saying so, for other users.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!OperatingSystem.IsLinux() || NativeMethods.geteuid() != 0)
        {
            Skip = "mounting a tmpfs to fill a disk needs root on Linux; run the tests as root (as CI does) to fill disks for real";
        }
    }

    private static class NativeMethods
    {
        [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
        internal static extern uint geteuid();
    }
}
