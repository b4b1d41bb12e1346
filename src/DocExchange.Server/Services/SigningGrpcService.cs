using DocExchange.Core.Agencies;
using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Server.Identity;
using DocExchange.Server.Services.Mapping;
using DocExchange.Server.Signing;
using DocExchange.Signing.Appearance;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Pdf;
using DocExchange.Signing.Policy;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Server.Services;

/// <summary>
/// docexchange.v1.Signing. Sign applies the CALLER's seal, chosen from its authenticated identity and never from a
/// request field; Verify validates with the server's trust anchors and CRLs. PDFs are spooled to files in the <see cref="SpoolFolder"/>,
/// never held whole in memory.
/// </summary>
public sealed class SigningGrpcService(ISealKeyStore seals, ServerTimestampAuthority tsa, SignatureVerifier verifier, Core.Exchange.ExchangeService exchange, SpoolFolder spool, Telemetry.ExchangeMetrics metrics) : Protocol.V1.Signing.SigningBase
{
    /// <summary>Size of the signed PDF chunks streamed back.</summary>
    public const int ChunkSize = 64 * 1024;

    public override async Task Sign(IAsyncStreamReader<SignRequest> requests, IServerStreamWriter<SignResponse> responses, ServerCallContext context)
    {
        var agency = context.Caller().RequireAgency();
        var ct = context.CancellationToken;
        if (!await requests.MoveNext(ct).ConfigureAwait(false) || requests.Current.RequestCase != SignRequest.RequestOneofCase.Options)
        {
            throw InvalidArgument("the first message of Sign must be the options (SignRequest.options), followed by the PDF's chunks");
        }
        var options = requests.Current.Options;
        var level = ValidationReportMapping.ToDomain(options.Level) ?? PadesLevel.BaselineT;

        await using var input = spool.Create("sign-in");
        while (await requests.MoveNext(ct).ConfigureAwait(false))
        {
            if (requests.Current.RequestCase != SignRequest.RequestOneofCase.PdfChunk)
            {
                throw InvalidArgument("Sign carries one options message, then only PDF chunks; a second options message was sent");
            }
            await AppendAsync(input, requests.Current.PdfChunk, ct).ConfigureAwait(false);
        }
        if (input.Length == 0)
        {
            throw InvalidArgument("no PDF was sent: stream its bytes in SignRequest.pdf_chunk after the options");
        }

        await using var output = spool.Create("sign-out");
        var result = await RunMapped(() => options.ExtendOnly
            ? ExtendAsync(input, output, level, ct)
            : SealAsync(agency, input, output, options, level, ct)).ConfigureAwait(false);

        output.Position = 0;
        var buffer = new byte[ChunkSize];
        int read;
        while ((read = await output.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
        {
            await responses.WriteAsync(new SignResponse { PdfChunk = ByteString.CopyFrom(buffer, 0, read) }, ct).ConfigureAwait(false);
        }
        await responses.WriteAsync(new SignResponse { Result = result }, ct).ConfigureAwait(false);
    }

    private async Task<SignResult> SealAsync(AgencyCode agency, Stream input, Stream output, SignOptions options, PadesLevel level, CancellationToken ct)
    {
        IPadesSigner? seal;
        try
        {
            seal = await seals.FindSealAsync(agency, ct).ConfigureAwait(false);
        }
        catch (SealKeyStoreException e)
        {
            throw new RpcException(new Status(GrpcStatusCode.FailedPrecondition, $"the seal key of agency {agency} cannot be used: {e.Message}"));
        }
        if (seal is null)
        {
            throw new RpcException(new Status(GrpcStatusCode.FailedPrecondition,
                $"this server holds no seal key for agency {agency}: an operator must install it in the seal keystore (DocExchange:Signing:KeystorePath) first"));
        }
        var appearance = options.Appearance;
        PdfSignatureAppearance? visible = null;
        if (appearance is { Visible: true })
        {
            if (appearance.Width <= 0 || appearance.Height <= 0)
            {
                throw InvalidArgument("a visible signature needs a positive width and height (SignatureAppearance.width, height)");
            }
            visible = new PdfSignatureAppearance(appearance.X, appearance.Y, appearance.Width, appearance.Height);
        }
        var signOptions = new PdfSignatureOptions
        {
            FieldName = NullIfEmpty(options.FieldName),
            Page = appearance?.Page ?? 1,
            Reason = NullIfEmpty(options.Reason),
            Location = NullIfEmpty(options.Location),
            Appearance = visible,
            TimestampAuthority = level >= PadesLevel.BaselineT ? tsa.Authority : null,
        };
        if (level < PadesLevel.BaselineLT)
        {
            var signed = await PdfSigner.SignAsync(input, output, seal, signOptions, ct).ConfigureAwait(false);
            return Result(signed.FieldName, signed.Level, signed.SigningTime, signed.TimestampTime, signed.Size, signed.Sha256);
        }
        await using var intermediate = spool.Create("sign-bt");
        var signature = await PdfSigner.SignAsync(input, intermediate, seal, signOptions, ct).ConfigureAwait(false);
        var extended = await PadesExtender.ExtendAsync(intermediate, output, level, tsa.Authority, verifier.LongTermData, ct).ConfigureAwait(false);
        return Result(signature.FieldName, extended.Level, signature.SigningTime, signature.TimestampTime, extended.Size, extended.Sha256);
    }

    private async Task<SignResult> ExtendAsync(Stream input, Stream output, PadesLevel level, CancellationToken ct)
    {
        if (level < PadesLevel.BaselineT)
        {
            throw InvalidArgument("extend_only raises existing signatures: ask for level B-T, B-LT or B-LTA");
        }
        var extended = await PadesExtender.ExtendAsync(input, output, level, tsa.Authority, verifier.LongTermData, ct).ConfigureAwait(false);
        return Result(string.Empty, extended.Level, null, extended.TimestampTime, extended.Size, extended.Sha256);
    }

    public override async Task<ValidationReport> Verify(IAsyncStreamReader<VerifyRequest> requests, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        if (!await requests.MoveNext(ct).ConfigureAwait(false))
        {
            throw InvalidArgument("Verify received nothing: send VerifyRequest.options (may be empty), then the PDF's chunks");
        }
        var options = new VerifyOptions();
        await using var pdf = spool.Create("verify");
        var first = true;
        do
        {
            var request = requests.Current;
            if (request.RequestCase == VerifyRequest.RequestOneofCase.Options)
            {
                if (!first)
                {
                    throw InvalidArgument("Verify carries at most one options message, first, then only PDF chunks");
                }
                options = request.Options;
            }
            else
            {
                await AppendAsync(pdf, request.PdfChunk, ct).ConfigureAwait(false);
            }
            first = false;
        }
        while (await requests.MoveNext(ct).ConfigureAwait(false));
        if (pdf.Length == 0)
        {
            throw InvalidArgument("no PDF was sent: stream its bytes in VerifyRequest.pdf_chunk");
        }

        AgencyCode? organ = null;
        if (!string.IsNullOrEmpty(options.PolicyOrganId))
        {
            organ = AgencyCode.TryParse(options.PolicyOrganId, out var code, out var error) ? code : throw InvalidArgument($"policy_organ_id: {error}");
        }
        // A caller that names an agency asks whether the PDF is an official document of it: the deployment's policy, or the full one when the deployment's is off.
        var mode = organ is null ? SignaturePolicyMode.Off : verifier.Policy == SignaturePolicyMode.Off ? SignaturePolicyMode.Required : verifier.Policy;
        var verified = await RunMapped(() => verifier.VerifyAsync(pdf, organ, mode, options.ValidationTime.ToDomain(), ct)).ConfigureAwait(false);
        var report = verified.Report.ToProto(verified.Policy);
        metrics.Validated(report, "verify");
        return report;
    }

    private async Task AppendAsync(Stream spool, ByteString chunk, CancellationToken ct)
    {
        if (spool.Length + chunk.Length > exchange.Options.MaxDocumentBytes)
        {
            throw new RpcException(new Status(GrpcStatusCode.ResourceExhausted,
                $"the PDF is larger than the limit of {exchange.Options.MaxDocumentBytes} bytes (DocExchange:Limits:MaxDocumentBytes)"));
        }
        await spool.WriteAsync(chunk.Memory, ct).ConfigureAwait(false);
    }

    /// <summary>The library's refusals as gRPC statuses a clerk can act on.</summary>
    private static async Task<T> RunMapped<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (PdfFormatException e)
        {
            throw InvalidArgument($"the file is not a PDF this server can read: {e.Message}");
        }
        catch (ArgumentException e)
        {
            // The library names its .NET parameter ("(Parameter 'options')"); the caller needs only the reason.
            throw InvalidArgument(Core.Text.ArgumentMessages.Plain(e));
        }
        catch (InvalidOperationException e) when (e is not ObjectDisposedException)
        {
            throw new RpcException(new Status(GrpcStatusCode.FailedPrecondition, e.Message));
        }
        catch (FileNotFoundException e)
        {
            throw new RpcException(new Status(GrpcStatusCode.FailedPrecondition, $"the server cannot draw the visible signature: {e.Message}"));
        }
    }

    private static SignResult Result(string fieldName, PadesLevel level, DateTimeOffset? signingTime, DateTimeOffset? timestampTime, long size, byte[] sha256)
    {
        var result = new SignResult { FieldName = fieldName, Level = ValidationReportMapping.ToProto(level), Size = size, Sha256 = ByteString.CopyFrom(sha256) };
        if (signingTime is { } signed)
        {
            result.SigningTime = signed.ToProto();
        }
        if (timestampTime is { } stamped)
        {
            result.TimestampTime = stamped.ToProto();
        }
        return result;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static RpcException InvalidArgument(string message) => new(new Status(GrpcStatusCode.InvalidArgument, message));
}
