using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using DocExchange.Audit.Events;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Signatures;
using DocExchange.Cli.Validation;
using DocExchange.Client;
using Spectre.Console;

namespace DocExchange.Cli.Commands.Auditor;

/// <summary><c>dx audit query</c>: the audit events that match, as a table or JSON (auditor and operator roles).</summary>
public static class AuditQueryCommand
{
    public const int DefaultLimit = 100;

    public static Command Create(GlobalOptions globals)
    {
        var document = new Option<string?>("--document") { Description = "Only events about this document.", HelpName = "ID" };
        var agency = AgencyCodes.Validated(new Option<string?>("--agency")
        {
            Description = "Only events whose actor or a recipient is this agency.",
            HelpName = "CODE",
        });
        var actions = new Option<string[]>("--action")
        {
            Description = "Only these actions, e.g. document.sent, status.posted, call.denied; repeatable.",
            HelpName = "ACTION",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var since = TimeOption("--since", "Only events at or after this time (ISO 8601; UTC when no offset is given), e.g. 2026-11-21 or 2026-11-21T08:00:00+07:00.");
        var until = TimeOption("--until", "Only events before this time (ISO 8601; UTC when no offset is given).");
        var from = new Option<long>("--from-sequence") { Description = "Only events at or after this sequence (leaf index).", HelpName = "N" };
        var limit = new Option<int>("--limit")
        {
            Description = $"At most this many events (default {DefaultLimit}).",
            HelpName = "N",
            DefaultValueFactory = _ => DefaultLimit,
        };
        var command = new Command("query", "List audit events: who did what to which document, when, with what outcome.")
        {
            document, agency, actions, since, until, from, limit,
        };
        limit.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError("--limit must be a positive number.");
            }
        });
        from.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long>() < 0)
            {
                result.AddError("--from-sequence must not be negative.");
            }
        });
        DxAction.Set(command, globals, (context, ct) => RunAsync(context, new AuditEventFilter
        {
            DocumentId = context.Get(document),
            Agency = context.Get(agency),
            Actions = context.Get(actions) is { Length: > 0 } a ? a : null,
            Since = context.Get(since),
            Until = context.Get(until),
            FromSequence = context.Get(from),
            Limit = context.Get(limit),
        }, ct));
        return command;
    }

    private static async Task<ExitCode> RunAsync(CommandContext context, AuditEventFilter filter, CancellationToken ct)
    {
        await using var client = await context.ConnectAsync(ct).ConfigureAwait(false);
        var events = new List<AuditEventRow>();
        await foreach (var entry in client.QueryEventsAsync(filter, cancellationToken: ct).ConfigureAwait(false))
        {
            // What is shown is the leaf (checked against the query by the client library), not the server's decoded copy.
            var e = AuditEventEncoding.Decode(entry.Leaf.Span);
            events.Add(new AuditEventRow(
                e.Sequence,
                VerificationViews.Time(e.Time) ?? "",
                e.Action,
                new AuditActorRow(Empty(e.Actor.OrganId), e.Actor.Role, e.Actor.CertificateSha256.Length == 0 ? null : Convert.ToHexStringLower(e.Actor.CertificateSha256)),
                Empty(e.DocumentId),
                e.Recipients,
                e.ContentHashes.Select(h => new AuditContentHashRow(h.PartId, Convert.ToHexStringLower(h.Sha256))).ToList(),
                e.Outcome,
                Empty(e.Detail)));
        }

        if (context.Output.Json)
        {
            context.Output.WriteJson(events);
            return ExitCode.Ok;
        }
        if (events.Count == 0)
        {
            context.Output.Console.WriteLine("No audit event matches.");
            return ExitCode.Ok;
        }
        var table = new Table().AddColumns("Seq", "Time (UTC)", "Action", "Actor", "Document", "Recipients", "Outcome", "Detail");
        foreach (var row in events)
        {
            table.AddRow(
                row.Sequence.ToString(CultureInfo.InvariantCulture),
                TerminalText.Markup(row.Time),
                TerminalText.Markup(row.Action),
                TerminalText.Markup(row.Actor.OrganId ?? row.Actor.Role),
                TerminalText.Markup(row.DocumentId ?? "-"),
                TerminalText.Markup(row.Recipients.Count == 0 ? "-" : string.Join(", ", row.Recipients)),
                row.Outcome == "ok" ? "[green]ok[/]" : $"[red]{TerminalText.Markup(row.Outcome)}[/]",
                TerminalText.Markup(row.Detail ?? ""));
        }
        context.Output.Console.Write(table);
        context.Output.Console.WriteLine(events.Count == filter.Limit
            ? $"{events.Count} events (the limit); see more with --from-sequence {events[^1].Sequence + 1} or a larger --limit."
            : $"{events.Count} event(s).");
        context.Output.Console.WriteLine(filter.DocumentId is { } document
            ? $"Each event shown matches its leaf. To prove that none is missing, run 'dx audit verify --online --document {document} --key PUBKEY.pem'."
            : "Each event shown matches its leaf. To prove the answer complete, run 'dx audit verify --online --key PUBKEY.pem'.");
        return ExitCode.Ok;
    }

    private static Option<DateTimeOffset?> TimeOption(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "TIME",
        CustomParser = result =>
        {
            string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            {
                return time;
            }
            result.AddError($"{name}: '{text}' is not a time such as 2026-11-21 or 2026-11-21T08:00:00+07:00.");
            return null;
        },
    };

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private sealed record AuditEventRow(
        long Sequence, string Time, string Action, AuditActorRow Actor, string? DocumentId, IReadOnlyList<string> Recipients,
        IReadOnlyList<AuditContentHashRow> ContentHashes, string Outcome, string? Detail);

    private sealed record AuditActorRow(string? OrganId, string Role, string? CertificateSha256);

    private sealed record AuditContentHashRow(string PartId, string Sha256);
}
