using System.Globalization;
using System.Text;
using DocExchange.Signing.Pades;
using Library = DocExchange.Signing.Validation;
using LibraryPolicy = DocExchange.Signing.Policy;
using Proto = DocExchange.Protocol.V1;

namespace DocExchange.Cli.Signatures;

/// <summary>Builds a <see cref="VerificationView"/> from the signing library's report or from the server's.</summary>
public static class VerificationViews
{
    public static VerificationView FromLibrary(string file, Library.ValidationReport report, LibraryPolicy.PolicyResult? policy, string? policyAgency, TrustView trust)
    {
        ArgumentNullException.ThrowIfNull(report);
        var signatures = report.Signatures.Select(s => new SignatureView(
            s.FieldName,
            Kind(s.Kind.ToString()),
            Etsi(s.Indication.ToString()),
            s.SubIndication == Library.SubIndication.None ? null : Etsi(s.SubIndication.ToString()),
            s.IsAcceptable,
            s.Signer?.CommonName,
            s.Signer?.Organization,
            s.Signer?.AgencyCode,
            Time(s.ClaimedSigningTime),
            Time(s.TimestampTime),
            Level(s.Level),
            s.Coverage is { } c ? new CoverageView(c.Revision, c.CoversWholeRevision, c.IsLastRevision, c.ByteRange) : null,
            s.ModificationVerdict.ToString().ToLowerInvariant(),
            s.Modifications.Select(m => Describe(m.Revision, m.Description, m.Allowed)).ToList(),
            s.Errors,
            s.Warnings,
            s.DigestAlgorithm,
            s.SignatureAlgorithm)).ToList();
        var policyView = policy is null || policyAgency is null ? null : new PolicyView(policy.Policy, policyAgency, policy.Satisfied, policy.Reasons);
        return new VerificationView(file, "local", trust, report.RevisionCount, Convert.ToHexStringLower(report.DocumentSha256), Time(report.ValidationTime)!, signatures, policyView);
    }

    public static VerificationView FromServer(string file, Proto.ValidationReport report, string? policyAgency)
    {
        ArgumentNullException.ThrowIfNull(report);
        var signatures = report.Signatures.Select(s => new SignatureView(
            s.FieldName,
            Kind(s.Kind.ToString()),
            Etsi(s.Indication.ToString()),
            s.SubIndication == Proto.SubIndication.None ? null : Etsi(s.SubIndication.ToString()),
            s.Indication == Proto.Indication.TotalPassed && s.ModificationVerdict != Proto.ModificationVerdict.Disallowed,
            Empty(s.Signer?.CommonName),
            Empty(s.Signer?.Organization),
            Empty(s.Signer?.OrganId),
            Time(s.ClaimedSigningTime?.ToDateTimeOffset()),
            Time(s.TimestampTime?.ToDateTimeOffset()),
            SignatureLevels.ToText(s.Level),
            s.Coverage is { } c ? new CoverageView(c.Revision, c.CoversWholeRevision, c.IsLastRevision, c.ByteRange) : null,
            s.ModificationVerdict == Proto.ModificationVerdict.Unspecified ? "none" : s.ModificationVerdict.ToString().ToLowerInvariant(),
            s.Modifications.Select(m => Describe(m.Revision, m.Description, m.Allowed)).ToList(),
            s.Errors,
            s.Warnings,
            Empty(s.DigestAlgorithm),
            Empty(s.SignatureAlgorithm))).ToList();
        var policy = report.Policy is { } p && policyAgency is not null ? new PolicyView(p.Policy, policyAgency, p.Satisfied, p.Reasons) : null;
        return new VerificationView(file, "server", null, report.RevisionCount, Convert.ToHexStringLower(report.DocumentSha256.Span),
            Time(report.ValidationTime?.ToDateTimeOffset()) ?? "", signatures, policy);
    }

    public static string Level(PadesLevel level) => level switch
    {
        PadesLevel.BaselineB => "B-B",
        PadesLevel.BaselineT => "B-T",
        PadesLevel.BaselineLT => "B-LT",
        PadesLevel.BaselineLTA => "B-LTA",
        _ => "none",
    };

    public static string? Time(DateTimeOffset? time) =>
        time?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An enum name as ETSI EN 319 102-1 writes it: HashFailure → HASH_FAILURE.</summary>
    private static string Etsi(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }
            text.Append(char.ToUpperInvariant(name[i]));
        }
        return text.ToString();
    }

    private static string Kind(string name) => name switch
    {
        "Personal" => "personal",
        "Agency" => "agency",
        "DocumentTimestamp" => "documentTimestamp",
        _ => "unknown",
    };

    private static string Describe(int revision, string description, bool allowed) =>
        $"revision {revision}: {description}{(allowed ? "" : " (not allowed)")}";

    private static string? Empty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
