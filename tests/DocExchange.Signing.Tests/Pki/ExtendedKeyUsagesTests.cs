using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Signing.Pki;

namespace DocExchange.Signing.Tests.Pki;

public sealed class ExtendedKeyUsagesTests
{
    private static readonly string[] Purposes = ["1.3.6.1.5.5.7.3.2", "1.3.6.1.5.5.7.3.4", "1.3.6.1.5.5.7.3.36"];

    [Fact]
    public void Threads_reading_one_certificate_objects_purposes_for_the_first_time_together_each_get_every_purpose()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=000.00.00.G22", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. Purposes.Select(p => new Oid(p))], false));
        using var issued = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var encoded = issued.RawData;
        const int Readers = 4;

        // Each round a fresh certificate object, whose extension nobody has decoded yet, read by all at once.
        for (var round = 0; round < 2_000; round++)
        {
            using var shared = X509CertificateLoader.LoadCertificate(encoded);
            var extension = shared.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single();
            using var start = new Barrier(Readers);
            var read = new IReadOnlyList<Oid>[Readers];
            Parallel.For(0, Readers, new ParallelOptions { MaxDegreeOfParallelism = Readers }, reader =>
            {
                start.SignalAndWait();
                read[reader] = ExtendedKeyUsages.Of(extension);
            });

            Assert.All(read, purposes => Assert.Equal(Purposes, purposes.Select(p => p.Value)));
        }
    }
}
