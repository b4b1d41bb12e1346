using DocExchange.Testing.Processes;

namespace DocExchange.EdXml.Tests.Support;

/// <summary>Runs a Debian tool that judges our output independently (xmllint, xmlsec1).</summary>
internal static class ExternalTool
{
    public static async Task<CommandResult> RunAsync(string program, params string[] arguments)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        return await Command.RunAsync(Command.Describe(program, arguments, runAs: null, Directory.GetCurrentDirectory()), timeout.Token);
    }
}
