using System.Security.Cryptography.X509Certificates;
using DocExchange.Server.Configuration;
using DocExchange.Server.Signing;
using DocExchange.Signing.Policy;
using DocExchange.Signing.Validation;

namespace DocExchange.Server.Hosting;

/// <summary>Builds the signing services from "DocExchange:Signing": trust anchors, CRLs, policy, the server TSA and the seal keystore.</summary>
internal static class SigningSetup
{
    /// <returns>The server's TSA (also registered as a service), which the audit trail uses to timestamp checkpoints.</returns>
    public static async Task<ServerTimestampAuthority> AddDocExchangeSigningAsync(this IServiceCollection services, IConfiguration configuration, string dataDirectory,
        Serilog.ILogger logger, CancellationToken cancellationToken)
    {
        var options = configuration.GetSection(SigningOptions.SectionName).Get<SigningOptions>() ?? new SigningOptions();

        var anchors = new List<X509Certificate2>();
        var anchorsPath = Path.GetFullPath(options.TrustAnchorsPath);
        if (File.Exists(anchorsPath))
        {
            anchors.AddRange(LoadPem(anchorsPath));
        }
        else if (options.Policy != SignaturePolicyMode.Off)
        {
            throw new InvalidOperationException(
                $"The signature policy is {options.Policy} but the trust anchor file {anchorsPath} does not exist: set DocExchange:Signing:TrustAnchorsPath to a PEM file of the CA certificates to trust.");
        }
        else
        {
            logger.Warning("The trust anchor file {Path} does not exist: no signature will validate to a trusted CA", anchorsPath);
        }
        var intermediates = string.IsNullOrEmpty(options.IntermediatesPath) ? [] : LoadPem(Path.GetFullPath(options.IntermediatesPath));

        var crls = new List<byte[]>();
        foreach (var path in options.CrlPaths.Where(p => !string.IsNullOrWhiteSpace(p)).Select(Path.GetFullPath))
        {
            if (File.Exists(path))
            {
                crls.Add(await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false));
            }
            else
            {
                logger.Warning("The CRL file {Path} does not exist and is ignored", path);
            }
        }

        var tsa = await ServerTimestampAuthority.LoadOrCreateAsync(options.Tsa.CertificatePath,
            string.IsNullOrEmpty(options.Tsa.CertificatePassword) ? options.KeystorePassword : options.Tsa.CertificatePassword,
            dataDirectory, logger, cancellationToken).ConfigureAwait(false);
        if (tsa.IsGenerated)
        {
            anchors.AddRange(tsa.Chain.Where(c => c.SubjectName.RawData.AsSpan().SequenceEqual(c.IssuerName.RawData)));
        }

        var keystore = Path.GetFullPath(options.KeystorePath);
        if (!Directory.Exists(keystore))
        {
            logger.Warning("The seal keystore {Path} does not exist: Signing.Sign will refuse every agency until keys are installed", keystore);
        }
        crls.AddRange(tsa.Crls);
        var validation = new ValidationOptions
        {
            TrustAnchors = anchors,
            ExtraCertificates = intermediates,
            Crls = crls,
            RevocationPolicy = options.RevocationPolicy,
            AllowedExtendedKeyUsages = AllowedExtendedKeyUsages(options.AllowedExtendedKeyUsages),
            OnlineRevocation = options.OnlineRevocation ? new OnlineRevocationClient(OnlineRevocationClient.CreateHttpClient()) : null,
        };
        services.AddSingleton(options);
        services.AddSingleton(tsa);
        services.AddSingleton(new SignatureVerifier(validation, options.Policy));
        services.AddSingleton<ISealKeyStore>(new FileSealKeyStore(keystore, options.KeystorePassword));
        logger.Information("Signatures: {Anchors} trust anchor(s), {Crls} CRL(s), revocation {Revocation} (online {Online}), signing purposes {Purposes}, policy {Policy}; server TSA {Tsa}",
            anchors.Count, crls.Count, options.RevocationPolicy, options.OnlineRevocation, string.Join(", ", validation.AllowedExtendedKeyUsages),
            OfficialDocumentPolicy.NameOf(options.Policy), tsa.Certificate.Subject);
        return tsa;
    }

    private static IReadOnlyList<string> AllowedExtendedKeyUsages(List<string> configured)
    {
        var given = configured.Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        if (given.Count == 0)
        {
            return SigningCertificatePurpose.DefaultExtendedKeyUsages;
        }
        try
        {
            return given.Select(SigningCertificatePurpose.ParseExtendedKeyUsage).Distinct().ToList();
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"DocExchange:Signing:AllowedExtendedKeyUsages: {e.Message}", e);
        }
    }

    private static List<X509Certificate2> LoadPem(string path)
    {
        var collection = new X509Certificate2Collection();
        collection.ImportFromPemFile(path);
        if (collection.Count == 0)
        {
            throw new InvalidOperationException($"{path} holds no PEM certificate.");
        }
        return [.. collection];
    }
}
