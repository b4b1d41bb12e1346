using DocExchange.EdXml.Signatures;
using DocExchange.Signing.Pades;
using DocExchange.Signing.Policy;
using Google.Protobuf;
using Domain = DocExchange.Signing.Validation;
using Proto = DocExchange.Protocol.V1;

namespace DocExchange.Server.Services.Mapping;

/// <summary>The signing library's validation report as docexchange.v1.ValidationReport; enum values map by name, 1:1.</summary>
public static class ValidationReportMapping
{
    public static Proto.ValidationReport ToProto(this Domain.ValidationReport report, PolicyResult? policy = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        var proto = new Proto.ValidationReport
        {
            ValidationTime = report.ValidationTime.ToProto(),
            RevisionCount = report.RevisionCount,
            DocumentSha256 = ByteString.CopyFrom(report.DocumentSha256),
        };
        proto.Signatures.AddRange(report.Signatures.Select(ToProto));
        if (policy is not null)
        {
            proto.Policy = new Proto.PolicyResult { Policy = policy.Policy, Satisfied = policy.Satisfied };
            proto.Policy.Reasons.AddRange(policy.Reasons);
        }
        return proto;
    }

    public static Proto.SignatureReport ToProto(this Domain.SignatureReport signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var proto = new Proto.SignatureReport
        {
            FieldName = signature.FieldName,
            Kind = ToProto(signature.Kind),
            Indication = ToProto(signature.Indication),
            SubIndication = ToProto(signature.SubIndication),
            Level = ToProto(signature.Level),
            ModificationVerdict = ToProto(signature.ModificationVerdict),
            DocmdpPermission = signature.DocMdpPermission,
            DigestAlgorithm = signature.DigestAlgorithm ?? string.Empty,
            SignatureAlgorithm = signature.SignatureAlgorithm ?? string.Empty,
        };
        proto.Errors.AddRange(signature.Errors);
        proto.Warnings.AddRange(signature.Warnings);
        if (signature.Signer is { } signer)
        {
            proto.Signer = signer.ToProto();
        }
        if (signature.ClaimedSigningTime is { } claimed)
        {
            proto.ClaimedSigningTime = claimed.ToProto();
        }
        if (signature.TimestampTime is { } timestamp)
        {
            proto.TimestampTime = timestamp.ToProto();
        }
        if (signature.Coverage is { } coverage)
        {
            proto.Coverage = new Proto.Coverage
            {
                Revision = coverage.Revision,
                CoversWholeRevision = coverage.CoversWholeRevision,
                IsLastRevision = coverage.IsLastRevision,
            };
            proto.Coverage.ByteRange.AddRange(coverage.ByteRange);
        }
        proto.Modifications.AddRange(signature.Modifications.Select(m => new Proto.Modification
        {
            Revision = m.Revision,
            Description = m.Description,
            Allowed = m.Allowed,
        }));
        return proto;
    }

    public static Proto.SignerDetails ToProto(this Domain.SignerDetails signer) => new()
    {
        CommonName = signer.CommonName,
        Organization = signer.Organization ?? string.Empty,
        OrganId = signer.AgencyCode ?? string.Empty,
        Subject = signer.Subject,
        Issuer = signer.Issuer,
        SerialNumber = signer.SerialNumber,
        CertificateSha256 = ByteString.CopyFrom(signer.CertificateSha256),
        NotBefore = signer.NotBefore.ToProto(),
        NotAfter = signer.NotAfter.ToProto(),
    };

    /// <summary>An edXML envelope signature's result; <paramref name="sender"/> is the agency that sent the package.</summary>
    public static Proto.EnvelopeSignatureReport ToProto(this EdXmlSignatureResult signature, Core.Agencies.AgencyCode sender)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var proto = new Proto.EnvelopeSignatureReport
        {
            Status = signature.Status switch
            {
                EdXmlSignatureStatus.Absent => Proto.EnvelopeSignatureStatus.Absent,
                EdXmlSignatureStatus.Valid => Proto.EnvelopeSignatureStatus.Valid,
                EdXmlSignatureStatus.Invalid => Proto.EnvelopeSignatureStatus.Invalid,
                _ => Proto.EnvelopeSignatureStatus.Unspecified,
            },
            Reason = signature.Reason ?? string.Empty,
            CoversManifest = signature.CoversManifest,
        };
        if (signature.Signer is { } certificate)
        {
            var details = Domain.SignerDetails.Of(certificate);
            proto.Signer = details.ToProto();
            proto.SignerIsSender = string.Equals(details.AgencyCode, sender.Value, StringComparison.Ordinal);
        }
        return proto;
    }

    public static Proto.Indication ToProto(Domain.Indication indication) => indication switch
    {
        Domain.Indication.TotalPassed => Proto.Indication.TotalPassed,
        Domain.Indication.Indeterminate => Proto.Indication.Indeterminate,
        Domain.Indication.TotalFailed => Proto.Indication.TotalFailed,
        _ => Proto.Indication.Unspecified,
    };

    /// <summary>ETSI EN 319 102-1 names, identical on both sides.</summary>
    public static Proto.SubIndication ToProto(Domain.SubIndication subIndication) =>
        Enum.TryParse<Proto.SubIndication>(subIndication.ToString(), out var proto) ? proto
            : throw new ArgumentOutOfRangeException(nameof(subIndication), subIndication, "No docexchange.v1.SubIndication has this name.");

    public static Proto.SignatureKind ToProto(Domain.SignatureKind kind) => kind switch
    {
        Domain.SignatureKind.Personal => Proto.SignatureKind.Personal,
        Domain.SignatureKind.Agency => Proto.SignatureKind.Agency,
        Domain.SignatureKind.DocumentTimestamp => Proto.SignatureKind.DocumentTimestamp,
        _ => Proto.SignatureKind.Unspecified,
    };

    public static Proto.ModificationVerdict ToProto(Domain.ModificationVerdict verdict) => verdict switch
    {
        Domain.ModificationVerdict.None => Proto.ModificationVerdict.None,
        Domain.ModificationVerdict.Allowed => Proto.ModificationVerdict.Allowed,
        Domain.ModificationVerdict.Disallowed => Proto.ModificationVerdict.Disallowed,
        _ => Proto.ModificationVerdict.Unspecified,
    };

    public static Proto.SignatureLevel ToProto(PadesLevel level) => level switch
    {
        PadesLevel.BaselineB => Proto.SignatureLevel.BB,
        PadesLevel.BaselineT => Proto.SignatureLevel.BT,
        PadesLevel.BaselineLT => Proto.SignatureLevel.BLt,
        PadesLevel.BaselineLTA => Proto.SignatureLevel.BLta,
        _ => Proto.SignatureLevel.Unspecified,
    };

    /// <summary>The requested level; null for UNSPECIFIED.</summary>
    public static PadesLevel? ToDomain(Proto.SignatureLevel level) => level switch
    {
        Proto.SignatureLevel.BB => PadesLevel.BaselineB,
        Proto.SignatureLevel.BT => PadesLevel.BaselineT,
        Proto.SignatureLevel.BLt => PadesLevel.BaselineLT,
        Proto.SignatureLevel.BLta => PadesLevel.BaselineLTA,
        _ => null,
    };
}
