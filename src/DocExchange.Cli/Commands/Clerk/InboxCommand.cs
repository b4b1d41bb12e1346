using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Client;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Clerk;

/// <summary>
/// <c>dx inbox [--follow] [--after CURSOR]</c>: the deliveries waiting in the caller's inbox (every unacknowledged
/// one, and those after the cursor), as a table; with <c>--follow</c>, then each new one as it arrives, until Ctrl+C.
/// </summary>
public static class InboxCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var follow = new Option<bool>("--follow", "-f")
        {
            Description = "Keep listening and show each new delivery as it arrives, until Ctrl+C (with --json: one JSON object per line).",
            Arity = ArgumentArity.Zero,
        };
        var after = new Option<long>("--after")
        {
            Description = "Show deliveries after this inbox cursor (unacknowledged ones are always shown).",
            HelpName = "CURSOR",
        };
        var command = new Command("inbox", "Show the documents delivered to your agency; acknowledge each with 'dx ack'.") { follow, after };
        DxAction.Set(command, globals, (context, cancellationToken) =>
            context.Get(follow)
                ? FollowAsync(context, context.Get(after), cancellationToken)
                : ListAsync(context, context.Get(after), cancellationToken));
        return command;
    }

    private static async Task<ExitCode> ListAsync(CommandContext context, long after, CancellationToken cancellationToken)
    {
        await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
        using var caughtUp = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        long cursor = after;
        var deliveries = new List<DeliveryView>();
        var subscription = new InboxSubscriptionOptions
        {
            AfterCursor = after,
            CaughtUp = position =>
            {
                cursor = position;
                caughtUp.Cancel();
            },
        };
        try
        {
            await foreach (var delivery in client.SubscribeInboxAsync(subscription, caughtUp.Token).ConfigureAwait(false))
            {
                deliveries.Add(DeliveryView.From(delivery.Cursor, delivery.Delivery));
            }
        }
        catch (OperationCanceledException) when (caughtUp.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The backlog has been sent: the inbox as it stands now is complete.
        }

        if (context.Output.Json)
        {
            context.Output.WriteJson(new { cursor, deliveries });
            return ExitCode.Ok;
        }
        if (deliveries.Count == 0)
        {
            context.Output.Console.WriteLine($"The inbox is empty (cursor {cursor}).");
            return ExitCode.Ok;
        }
        var table = new Table().AddColumns("Cursor", "Document id", "Kind", "From", "Subject", "Delivered", "Acknowledged");
        foreach (var delivery in deliveries)
        {
            table.AddRow(
                delivery.Cursor.ToString(System.Globalization.CultureInfo.InvariantCulture),
                TerminalText.Markup(delivery.DocumentId),
                TerminalText.Markup(KindText(delivery)),
                TerminalText.Markup(delivery.Sender ?? ""),
                TerminalText.Markup(delivery.Subject ?? ""),
                ProtoText.Show(delivery.DeliveredAt),
                delivery.Pending ? "[yellow]no[/]" : "yes");
        }
        context.Output.Console.Write(table);
        int pending = deliveries.Count(d => d.Pending);
        context.Output.Console.WriteLine(pending == 0
            ? $"{deliveries.Count} deliveries, all acknowledged. Next: dx inbox --after {cursor}"
            : $"{pending} of {deliveries.Count} not yet acknowledged: fetch them with 'dx fetch DOCID', then 'dx ack DOCID'.");
        return ExitCode.Ok;
    }

    private static async Task<ExitCode> FollowAsync(CommandContext context, long after, CancellationToken cancellationToken)
    {
        await using var client = await context.ConnectAsync(cancellationToken, endless: true).ConfigureAwait(false);
        var subscription = new InboxSubscriptionOptions
        {
            AfterCursor = after,
            CaughtUp = position =>
            {
                if (!context.Output.Json)
                {
                    context.Output.Console.MarkupLineInterpolated($"[grey]Listening for new deliveries (cursor {position}); Ctrl+C to stop.[/]");
                }
            },
        };
        try
        {
            await foreach (var delivery in client.SubscribeInboxAsync(subscription, cancellationToken).ConfigureAwait(false))
            {
                var view = DeliveryView.From(delivery.Cursor, delivery.Delivery);
                if (context.Output.Json)
                {
                    context.Output.WriteJsonLine(view);
                }
                else
                {
                    context.Output.Console.MarkupLineInterpolated(
                        $"[bold]{view.Cursor}[/] {TerminalText.Plain(view.DocumentId)}  {KindText(view)} from {TerminalText.Plain(view.Sender ?? "?")}: {TerminalText.Plain(view.Subject)}{(view.Pending ? "  (not acknowledged)" : "")}");
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C: the user has seen what they wanted.
        }
        return ExitCode.Ok;
    }

    private static string KindText(DeliveryView delivery) => delivery.Kind switch
    {
        "recallRequest" => "recall request" + (delivery.Reason is { } reason ? $" ({reason})" : ""),
        "recipientRemoved" => "removed from recipients" + (delivery.Reason is { } reason ? $" ({reason})" : ""),
        _ => "document",
    };
}
