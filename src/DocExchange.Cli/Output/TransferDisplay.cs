using DocExchange.Cli.Output.Views;
using DocExchange.Client;
using Spectre.Console;

namespace DocExchange.Cli.Output;

/// <summary>
/// Shows a Send or Fetch as it goes: a live progress bar per part on a terminal, one plain line per finished part
/// when standard output is a pipe or a file, nothing in JSON mode (standard output is then the JSON alone).
/// </summary>
public static class TransferDisplay
{
    /// <param name="output">Where to show it.</param>
    /// <param name="verb">"sent" or "received", for the plain lines.</param>
    /// <param name="label">The name to show for a part id (e.g. its file name).</param>
    /// <param name="transfer">The transfer, given the progress sink to report to (null in JSON mode).</param>
    public static async Task<T> RunAsync<T>(CliOutput output, string verb, Func<string, string> label, Func<IProgress<TransferProgress>?, Task<T>> transfer)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(transfer);
        if (output.Json)
        {
            return await transfer(null).ConfigureAwait(false);
        }
        if (!output.IsTerminal)
        {
            // Written once the server has answered: a refused transfer is not reported part by part as "sent".
            var lines = new PlainLines(output, verb, label);
            var result = await transfer(lines).ConfigureAwait(false);
            lines.Write();
            return result;
        }
        return await output.Console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(context => transfer(new Bars(context, label)))
            .ConfigureAwait(false);
    }

    /// <summary>Reports synchronously (not through <see cref="Progress{T}"/>), so that the lines follow the transfer's order.</summary>
    private sealed class PlainLines(CliOutput output, string verb, Func<string, string> label) : IProgress<TransferProgress>
    {
        private readonly List<(string PartId, long Size)> _done = [];

        public void Report(TransferProgress value)
        {
            if (value.PartBytesTransferred >= value.PartSize && !_done.Exists(d => d.PartId == value.PartId))
            {
                _done.Add((value.PartId, value.PartSize));
            }
        }

        /// <summary>One line per finished part, once the whole transfer has succeeded.</summary>
        public void Write()
        {
            foreach (var (partId, size) in _done)
            {
                output.Console.WriteLine($"  {verb} {TerminalText.Plain(label(partId))} ({ProtoText.Size(size)})");
            }
        }
    }

    private sealed class Bars(ProgressContext context, Func<string, string> label) : IProgress<TransferProgress>
    {
        private readonly Dictionary<string, ProgressTask> _tasks = [];
        private readonly Lock _sync = new();

        public void Report(TransferProgress value)
        {
            lock (_sync)
            {
                if (!_tasks.TryGetValue(value.PartId, out var task))
                {
                    task = context.AddTask(TerminalText.Markup(label(value.PartId)), maxValue: Math.Max(1, value.PartSize));
                    _tasks[value.PartId] = task;
                }
                task.Value = value.PartBytesTransferred;
            }
        }
    }
}
