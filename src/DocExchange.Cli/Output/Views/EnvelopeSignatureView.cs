using DocExchange.Protocol.V1;

namespace DocExchange.Cli.Output.Views;

/// <summary>The server's verdict on an edXML package's envelope signature (XML-DSig).</summary>
public sealed record EnvelopeSignatureView(string Status, string? Reason, string? Signer, bool CoversManifest, bool SignerIsSender)
{
    public static EnvelopeSignatureView? From(EnvelopeSignatureReport? report) =>
        report is null ? null : new EnvelopeSignatureView(
            // As dx edxml inspect words it.
            report.Status switch
            {
                EnvelopeSignatureStatus.Valid => "valid",
                EnvelopeSignatureStatus.Invalid => "invalid",
                _ => "absent",
            },
            report.Reason.Length == 0 ? null : report.Reason,
            report.Signer?.CommonName is { Length: > 0 } name ? name : null,
            report.CoversManifest,
            report.SignerIsSender);

    /// <summary>One line for a clerk, e.g. "valid, by Văn phòng Chính phủ (the sending agency), header and manifest".</summary>
    public string Describe() => Status switch
    {
        "valid" => $"valid, by {Signer ?? "an unnamed certificate"}{(SignerIsSender ? " (the sending agency)" : " (NOT a certificate of the sending agency)")}, {(CoversManifest ? "header and manifest" : "header only")}",
        "invalid" => $"INVALID: {Reason}",
        _ => "absent (the package is not signed)",
    };
}
