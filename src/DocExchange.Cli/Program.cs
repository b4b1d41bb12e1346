using System.Runtime.InteropServices;
using System.Text;
using DocExchange.Cli;

Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

// Ctrl+C (SIGINT) or SIGTERM cancels the command's token, so that following commands (inbox --follow, status watch)
// end cleanly with exit 0 and a transfer stops; a second signal ends the process at once.
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext signal)
{
    signal.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
}
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

return await DxApplication.RunAsync(args, Console.Out, Console.Error, stop.Token).ConfigureAwait(false);
