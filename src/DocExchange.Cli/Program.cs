using System.Text;
using DocExchange.Cli;

Console.OutputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
return await DxApplication.RunAsync(args, Console.Out, Console.Error, CancellationToken.None).ConfigureAwait(false);
