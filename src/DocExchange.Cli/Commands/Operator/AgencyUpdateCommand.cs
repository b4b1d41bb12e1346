using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Cli.Output;
using DocExchange.Cli.Output.Views;
using DocExchange.Cli.Validation;
using DocExchange.Protocol.V1;

namespace DocExchange.Cli.Commands.Operator;

/// <summary><c>dx agency update CODE [--name …] [contact options] [--reactivate]</c>: changes what is given, keeps the rest.</summary>
public static class AgencyUpdateCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var code = AgencyCodes.Validated(new Argument<string>("code") { Description = "The agency code." });
        var name = new Option<string?>("--name") { Description = "The new name.", HelpName = "NAME" };
        var reactivate = new Option<bool>("--reactivate") { Description = "Make a deactivated agency active again.", Arity = ArgumentArity.Zero };
        var contact = new ContactOptions();
        var command = new Command("update", "Change an agency's name or contact, or reactivate it (operators only).") { code, name, reactivate };
        contact.AddTo(command);
        DxAction.Set(command, globals, async (context, cancellationToken) =>
        {
            string agencyCode = context.Get(code)!;
            var request = new UpdateAgencyRequest
            {
                Code = agencyCode,
                Name = context.Get(name) ?? "",
                Contact = contact.Read(context, agencyCode, context.Get(name)),
                Reactivate = context.Get(reactivate),
            };
            if (request.Name.Length == 0 && request.Contact is null && !request.Reactivate)
            {
                throw DxException.Usage("nothing to change: give --name, a contact option (--email, --phone, --address…) or --reactivate.");
            }
            await using var client = await context.ConnectAsync(cancellationToken).ConfigureAwait(false);
            var agency = await client.UpdateAgencyAsync(request, cancellationToken).ConfigureAwait(false);
            context.Output.Success($"Updated {agency.Code} ({agency.Name}).");
            AgencyDisplay.Write(context.Output, AgencyView.From(agency));
            return ExitCode.Ok;
        });
        return command;
    }
}
