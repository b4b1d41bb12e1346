using DocExchange.Protocol.V1;

namespace DocExchange.Cli.Output.Views;

/// <summary>The server's verdict on one signature of the main PDF (ETSI EN 319 102-1 indication).</summary>
public sealed record SignatureView(string FieldName, string Indication, string? SubIndication, string? Signer)
{
    public static IReadOnlyList<SignatureView> From(ValidationReport? report) =>
        report is null ? [] : report.Signatures.Select(s => new SignatureView(
            s.FieldName,
            ProtoText.EnumName(s.Indication),
            s.SubIndication == 0 ? null : ProtoText.EnumName(s.SubIndication),
            s.Signer?.CommonName is { Length: > 0 } name ? name : null)).ToList();
}
