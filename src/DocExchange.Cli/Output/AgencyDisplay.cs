using DocExchange.Cli.Output.Views;
using Spectre.Console;

namespace DocExchange.Cli.Output;

/// <summary>An agency as a two-column table for people, or as JSON.</summary>
public static class AgencyDisplay
{
    public static void Write(CliOutput output, AgencyView agency)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(agency);
        if (output.Json)
        {
            output.WriteJson(agency);
            return;
        }
        var table = new Table().HideHeaders().AddColumns("", "");
        table.AddRow("Code", TerminalText.Markup(agency.Code));
        table.AddRow("Name", TerminalText.Markup(agency.Name));
        table.AddRow("Parent", TerminalText.Markup(agency.ParentCode ?? "(top level)"));
        table.AddRow("Active", agency.Active ? "[green]yes[/]" : "[red]no[/]");
        if (agency.Contact is { } contact)
        {
            Add(table, "In charge", contact.InCharge);
            Add(table, "Address", contact.Address);
            Add(table, "E-mail", contact.Email);
            Add(table, "Telephone", contact.Phone);
            Add(table, "Fax", contact.Fax);
            Add(table, "Website", contact.Website);
        }
        foreach (var ca in agency.TrustedCas)
        {
            table.AddRow("Trusted CA", TerminalText.Markup($"{ca.Subject} (SHA-256 {ca.Sha256}, until {ProtoText.Show(ca.NotAfter)})"));
        }
        table.AddRow("Registered", ProtoText.Show(agency.CreatedAt));
        table.AddRow("Updated", ProtoText.Show(agency.UpdatedAt));
        output.Console.Write(table);
    }

    private static void Add(Table table, string label, string? value)
    {
        if (value is not null)
        {
            table.AddRow(label, TerminalText.Markup(value));
        }
    }
}
