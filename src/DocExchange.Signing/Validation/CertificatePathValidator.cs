namespace DocExchange.Signing.Validation;

/// <summary>Validates a certificate path offline: X509Chain against custom anchors, then validity times and
/// revocation data (OCSP, CRLs) with proof-of-existence reasoning (ETSI EN 319 102-1 §5.2.6, §5.5).</summary>
internal sealed class CertificatePathValidator(ValidationOptions options, RevocationChecker revocation, DateTimeOffset validationTime)
{
    public sealed record Result(Indication Indication, SubIndication SubIndication, string? Error, IReadOnlyList<string> Warnings, IReadOnlyList<X509Certificate2> Chain)
    {
        public bool Passed => Indication == Indication.TotalPassed;
    }

    /// <param name="proofOfExistence">A time at which the signature is proven to have existed (its timestamp), if any.</param>
    public async Task<Result> ValidateAsync(X509Certificate2 certificate, IEnumerable<X509Certificate2> candidates, DateTimeOffset? proofOfExistence, string what, CancellationToken cancellationToken)
    {
        var warnings = new List<string>();
        if (options.TrustAnchors.Count == 0)
        {
            return new Result(Indication.Indeterminate, SubIndication.NoCertificateChainFound, "No trust anchors were configured.", warnings, []);
        }
        // An anchor may be an intermediate CA (AnchoredPath): the path then ends there.
        var built = ChainCache.Build(certificate, options.TrustAnchors, candidates.Concat(options.ExtraCertificates), validationTime);
        var elements = built.Path.ToList();
        var flags = built.Problems & ~(X509ChainStatusFlags.NotTimeValid | X509ChainStatusFlags.CtlNotTimeValid);
        if (flags != X509ChainStatusFlags.NoError)
        {
            var details = built.Describe(flags);
            var sub = flags switch
            {
                _ when flags.HasFlag(X509ChainStatusFlags.PartialChain) || flags.HasFlag(X509ChainStatusFlags.UntrustedRoot) => SubIndication.NoCertificateChainFound,
                _ when (flags & (X509ChainStatusFlags.InvalidBasicConstraints | X509ChainStatusFlags.InvalidNameConstraints | X509ChainStatusFlags.HasNotSupportedNameConstraint
                    | X509ChainStatusFlags.HasNotPermittedNameConstraint | X509ChainStatusFlags.HasExcludedNameConstraint | X509ChainStatusFlags.InvalidPolicyConstraints
                    | X509ChainStatusFlags.NotValidForUsage | X509ChainStatusFlags.HasNotSupportedCriticalExtension)) != 0 => SubIndication.ChainConstraintsFailure,
                _ => SubIndication.CertificateChainGeneralFailure,
            };
            return new Result(Indication.Indeterminate, sub, $"The {what} certificate '{certificate.Subject}' has no valid path to a trust anchor: {details}", warnings, elements);
        }

        // Validity periods, with a proof of existence able to rescue an expiry that came later (§5.5.4).
        for (var i = 0; i < elements.Count; i++)
        {
            var element = elements[i];
            var notBefore = new DateTimeOffset(element.NotBefore.ToUniversalTime());
            var notAfter = new DateTimeOffset(element.NotAfter.ToUniversalTime());
            var role = i == 0 ? $"The {what} certificate" : $"The CA certificate '{element.Subject}'";
            if (validationTime >= notBefore && validationTime <= notAfter)
            {
                continue;
            }
            if (proofOfExistence is { } poe)
            {
                if (poe < notBefore && i == 0)
                {
                    return new Result(Indication.TotalFailed, SubIndication.NotYetValid, $"{role} was not yet valid ({notBefore:u}) when the signature was timestamped ({poe:u}).", warnings, elements);
                }
                if (poe > notAfter && i == 0)
                {
                    return new Result(Indication.TotalFailed, SubIndication.Expired, $"{role} had expired ({notAfter:u}) before the signature's timestamp ({poe:u}).", warnings, elements);
                }
                if (poe >= notBefore && poe <= notAfter)
                {
                    warnings.Add($"{role} is outside its validity period now, but the timestamp proves the signature existed at {poe:u}, while it was valid.");
                    continue;
                }
            }
            if (validationTime < notBefore && i == 0)
            {
                return new Result(Indication.TotalFailed, SubIndication.NotYetValid, $"{role} is not valid before {notBefore:u}.", warnings, elements);
            }
            return new Result(Indication.Indeterminate, SubIndication.OutOfBoundsNoPoe,
                $"{role} is outside its validity period ({notBefore:u} to {notAfter:u}) at {validationTime:u} and no timestamp proves the signature existed while it was valid.", warnings, elements);
        }

        if (options.RevocationPolicy == RevocationPolicy.Skip)
        {
            return new Result(Indication.TotalPassed, SubIndication.None, null, warnings, elements);
        }
        // Every certificate but the anchor needs revocation status from its issuer (RFC 5280 §6.3).
        for (var i = 0; i < elements.Count - 1; i++)
        {
            var element = elements[i];
            var role = i == 0 ? $"The {what} certificate" : $"The CA certificate '{element.Subject}'";
            var status = await revocation.CheckAsync(element, elements[i + 1], validationTime, proofOfExistence, cancellationToken).ConfigureAwait(false);
            if (status.IssuedAt is { } issuedAt)
            {
                warnings.Add($"The revocation status of {element.Subject} comes from {(status.Source == "OCSP" ? "an OCSP response" : "a CRL")} issued at {issuedAt:u}, after the signature's timestamp; it is no longer current.");
            }
            if (!status.Found)
            {
                if (options.RevocationPolicy == RevocationPolicy.Require)
                {
                    return new Result(Indication.Indeterminate, SubIndication.TryLater, RevocationUnknown.Refusal(role, element, status.Problem), warnings, elements);
                }
                warnings.Add(RevocationUnknown.Warning(element, status.Problem));
                continue;
            }
            if (!status.Revoked)
            {
                continue;
            }
            var revokedAt = status.RevokedAt!.Value;
            if (proofOfExistence is { } poe && poe < revokedAt)
            {
                warnings.Add($"{role} was revoked at {revokedAt:u}, after the signature's timestamp ({poe:u}).");
                continue;
            }
            if (i == 0 && proofOfExistence is not null)
            {
                return new Result(Indication.TotalFailed, SubIndication.Revoked, $"{role} was revoked at {revokedAt:u}, before the signature's timestamp.", warnings, elements);
            }
            return new Result(Indication.Indeterminate, SubIndication.RevokedNoPoe,
                $"{role} was revoked at {revokedAt:u} and no timestamp proves the signature existed before.", warnings, elements);
        }
        return new Result(Indication.TotalPassed, SubIndication.None, null, warnings, elements);
    }
}
