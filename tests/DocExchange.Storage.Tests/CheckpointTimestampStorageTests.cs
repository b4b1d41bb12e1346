using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Audit;
using DocExchange.Audit.Checkpoints;
using DocExchange.Signing.Pki;
using DocExchange.Signing.Timestamping;
using static DocExchange.Storage.Tests.AuditHarness;

namespace DocExchange.Storage.Tests;

/// <summary>Checkpoints signed with a timestamper keep their RFC 3161 token in the database (migration 3), on each engine.</summary>
public abstract class CheckpointTimestampStorageTests(AuditEngine engine) : IAsyncLifetime
{
    private AuditHarness _h = null!;
    private CertificateAuthority _ca = null!;
    private X509Certificate2 _tsaCertificate = null!;

    public async Task InitializeAsync()
    {
        _h = await AuditHarness.CreateAsync(engine, new AuditOptions());
        _ca = CertificateAuthority.CreateRoot(new X500DistinguishedName("CN=Storage Test TSA Root"), PkiKeyAlgorithm.EcdsaP256);
        _tsaCertificate = _ca.Issue(CertificateProfile.TimestampAuthority,
            new CertificateSpec(new X500DistinguishedName("CN=Storage Test TSA")) { KeyAlgorithm = PkiKeyAlgorithm.EcdsaP256 });
    }

    public async Task DisposeAsync()
    {
        await _h.DisposeAsync();
        _tsaCertificate.Dispose();
        _ca.Dispose();
    }

    [Fact]
    public async Task A_timestamped_checkpoint_is_read_back_with_its_token()
    {
        await _h.RegisterAsync(Sender, Finance);
        _h.Audit.Checkpoints.Timestamper = new TsaTimestamper(new InProcessTimestampAuthority(_tsaCertificate, [_ca.Certificate]));

        var signed = await _h.Audit.Checkpoints.SignNowAsync(CancellationToken.None);

        Assert.NotNull(signed.TimestampToken);
        var latest = await _h.Storage.Checkpoints.GetLatestAsync(CancellationToken.None);
        var found = await _h.Storage.Checkpoints.FindAsync(signed.Checkpoint.TreeSize, CancellationToken.None);
        Assert.Equal(signed.TimestampToken, latest!.TimestampToken);
        Assert.Equal(signed.TimestampToken, found!.TimestampToken);
        Assert.Equal(signed.Body, latest.Body);
        var verification = TimestampTokenVerifier.Verify(latest.TimestampToken!, latest.Body, [_ca.Certificate]);
        Assert.True(verification.IsValid, verification.Error);
    }

    [Fact]
    public async Task A_checkpoint_signed_without_a_timestamper_is_read_back_without_a_token()
    {
        await _h.RegisterAsync(Sender);

        var signed = await _h.Audit.Checkpoints.SignNowAsync(CancellationToken.None);

        Assert.Null(signed.TimestampToken);
        Assert.Null((await _h.Storage.Checkpoints.GetLatestAsync(CancellationToken.None))!.TimestampToken);
        Assert.Null((await _h.Storage.Checkpoints.FindAsync(signed.Checkpoint.TreeSize, CancellationToken.None))!.TimestampToken);
    }

    [Fact]
    public async Task The_token_survives_a_restart()
    {
        await _h.RegisterAsync(Sender);
        _h.Audit.Checkpoints.Timestamper = new TsaTimestamper(new InProcessTimestampAuthority(_tsaCertificate, [_ca.Certificate]));
        var signed = await _h.Audit.Checkpoints.SignNowAsync(CancellationToken.None);

        await _h.CloseAsync();
        await _h.OpenAsync();

        var latest = await _h.Audit.Checkpoints.GetCheckpointAsync(fresh: false, CancellationToken.None);
        Assert.Equal(signed.Body, latest.Body);
        Assert.Equal(signed.TimestampToken, latest.TimestampToken);
    }

    /// <summary>The same adaptation the server makes of its TSA.</summary>
    private sealed class TsaTimestamper(ITimestampAuthority authority) : ICheckpointTimestamper
    {
        public Task<byte[]> TimestampAsync(ReadOnlyMemory<byte> bodySha256, CancellationToken cancellationToken) =>
            authority.GetTimestampTokenAsync(bodySha256, HashAlgorithmName.SHA256, cancellationToken);
    }
}

public sealed class SqliteCheckpointTimestampStorageTests() : CheckpointTimestampStorageTests(AuditEngine.Sqlite);

public sealed class PostgresCheckpointTimestampStorageTests() : CheckpointTimestampStorageTests(AuditEngine.Postgres);
