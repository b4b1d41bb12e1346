using DocExchange.Core.Agencies;
using DocExchange.Core.Documents;
using Grpc.Core;
using DocExchange.Server.Services.Mapping;
using DocExchange.Server.Signing;
using DocExchange.Signing.Pdf;
using DocExchange.Signing.Policy;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Server.Services;

/// <summary>Checks a sent document's main PDF at the door: it must be a readable PDF, and meet the deployment's signature policy.</summary>
internal static class IncomingDocumentVerification
{
    /// <summary>Trailer carrying the serialized docexchange.v1.ValidationReport when a send is refused by the policy.</summary>
    public const string ReportTrailer = "docexchange-validation-report-bin";

    /// <param name="copyTo">Receives the main PDF's bytes in validation's one read of them (see <see cref="SignatureVerifier"/>).</param>
    /// <returns>The report to store with the document.</returns>
    public static async Task<Protocol.V1.ValidationReport> VerifyAsync(SignatureVerifier verifier, AgencyCode sender, PartDeclaration main, Stream pdf,
        Core.Storage.IBlobWriter copyTo, Telemetry.ExchangeMetrics metrics, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(main.ContentType) && !main.ContentType.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase))
        {
            throw InvalidArgument($"the main part '{main.PartId}' must be a signed PDF (content type application/pdf), not {main.ContentType}: send other files as attachments");
        }
        VerifiedDocument verified;
        try
        {
            verified = await verifier.VerifyAsync(pdf, sender, verifier.Policy, null, copyTo, ct).ConfigureAwait(false);
        }
        catch (PdfFormatException e)
        {
            throw InvalidArgument($"the main part '{main.PartId}' is not a PDF this server can read: {e.Message}");
        }
        var report = verified.Report.ToProto(verified.Policy);
        metrics.Validated(report, "send");
        if (verified.Policy is { Satisfied: false } policy)
        {
            var trailers = new Metadata { { ReportTrailer, report.ToByteArray() } };
            throw new RpcException(new Status(GrpcStatusCode.FailedPrecondition,
                $"the document does not meet the signature policy {policy.Policy} (Nghị định 30/2020 Art. 5): {string.Join(" ", policy.Reasons)} "
                + (verifier.Policy == SignaturePolicyMode.Required
                    ? $"Have the competent person sign it, have agency {sender} seal it (Signing.Sign), then send it again."
                    : "Have the competent person sign it, then send it again.")), trailers);
        }
        return report;
    }

    private static RpcException InvalidArgument(string message) => new(new Status(GrpcStatusCode.InvalidArgument, message));
}
