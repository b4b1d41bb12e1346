using System.CommandLine;
using DocExchange.Cli.Hosting;
using DocExchange.Protocol.V1;

namespace DocExchange.Cli.Commands.Operator;

/// <summary>The edXML contact fields of an agency (Organization), as options shared by <c>agency add</c> and <c>agency update</c>.</summary>
internal sealed class ContactOptions
{
    private readonly Option<string?> _inCharge = new("--in-charge") { Description = "The superior body in charge (OrganizationInCharge).", HelpName = "NAME" };
    private readonly Option<string?> _address = new("--address") { Description = "Postal address.", HelpName = "TEXT" };
    private readonly Option<string?> _email = new("--email") { Description = "Contact e-mail.", HelpName = "EMAIL" };
    private readonly Option<string?> _phone = new("--phone") { Description = "Telephone.", HelpName = "NUMBER" };
    private readonly Option<string?> _fax = new("--fax") { Description = "Fax.", HelpName = "NUMBER" };
    private readonly Option<string?> _website = new("--website") { Description = "Website.", HelpName = "URL" };

    public void AddTo(Command command)
    {
        foreach (var option in new[] { _inCharge, _address, _email, _phone, _fax, _website })
        {
            command.Add(option);
        }
    }

    /// <summary>The contact given on the command line, or null when no contact option was given.</summary>
    public Organization? Read(CommandContext context, string code, string? name)
    {
        string?[] values = [context.Get(_inCharge), context.Get(_address), context.Get(_email), context.Get(_phone), context.Get(_fax), context.Get(_website)];
        if (values.All(v => v is null))
        {
            return null;
        }
        return new Organization
        {
            OrganId = code,
            OrganName = name ?? "",
            OrganizationInCharge = values[0] ?? "",
            OrganAdd = values[1] ?? "",
            Email = values[2] ?? "",
            Telephone = values[3] ?? "",
            Fax = values[4] ?? "",
            Website = values[5] ?? "",
        };
    }
}
