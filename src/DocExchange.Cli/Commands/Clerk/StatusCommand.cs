using System.CommandLine;
using DocExchange.Cli.Hosting;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary><c>dx status …</c>: edXML processing statuses (01–06, 13, 15, 16).</summary>
public static class StatusCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("status", "Post, list and follow the edXML processing statuses of documents.");
        command.Add(StatusPostCommand.Create(globals));
        command.Add(StatusHistoryCommand.Create(globals));
        command.Add(StatusWatchCommand.Create(globals));
        return command;
    }
}
