using Grpc.Core;
using DocExchange.Protocol.V1;
using Google.Protobuf;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests;

/// <summary>Deployment settings of signing: the generated TSA and the seal keystore's checks.</summary>
public sealed class SigningConfigurationTests
{
    [Fact]
    public async Task Without_a_configured_TSA_the_server_generates_one_under_its_data_directory_and_trusts_it()
    {
        await using var server = await TestServer.StartAsync("--DocExchange:Signing:Tsa:CertificatePath=");
        await Exchanges.RegisterSampleAgenciesAsync(server);

        var (signed, result) = await Signatures.SignAsync(server.Agency(TestServer.G22), SamplePdf.Create("TSA"), new SignOptions { Level = SignatureLevel.BT });

        Assert.Equal(SignatureLevel.BT, result.Level);
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "signing", "tsa-ca.crt")));
        Assert.True(File.Exists(Path.Combine(server.DataDirectory, "signing", "tsa.p12")));
        var report = await Signatures.VerifyAsync(server.Agency(TestServer.G22), signed);
        var seal = Assert.Single(report.Signatures);
        Assert.Equal(Indication.TotalPassed, seal.Indication);
        Assert.Equal(SignatureLevel.BT, seal.Level);
        Assert.DoesNotContain(seal.Warnings, w => w.Contains("timestamp", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_keystore_file_whose_certificate_binds_another_agency_is_not_used()
    {
        var keystore = Path.Combine(Path.GetTempPath(), "docexchange-keystore-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(keystore);
        try
        {
            // H41's file holds G22's seal: H41 must not get a G22 seal through it.
            File.Copy(RepositoryPaths.SampleCert("signing/seals/000.00.00.G22.p12"), Path.Combine(keystore, "000.00.00.H41.p12"));
            await using var server = await TestServer.StartAsync($"--DocExchange:Signing:KeystorePath={keystore}");
            await Exchanges.RegisterSampleAgenciesAsync(server);

            var error = await Assert.ThrowsAsync<RpcException>(() => SignAsH41Async(server));

            Assert.Equal(GrpcStatusCode.FailedPrecondition, error.StatusCode);
            Assert.Contains("binds agency 000.00.00.G22", error.Status.Detail);
        }
        finally
        {
            Directory.Delete(keystore, recursive: true);
        }
    }

    [Fact]
    public async Task A_keystore_file_fixed_while_the_server_runs_is_used_without_a_restart()
    {
        var keystore = Path.Combine(Path.GetTempPath(), "docexchange-keystore-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(keystore);
        try
        {
            var file = Path.Combine(keystore, "000.00.00.H41.p12");
            File.WriteAllBytes(file, [0x30, 0x03, 0x02, 0x01, 0x00]);
            await using var server = await TestServer.StartAsync($"--DocExchange:Signing:KeystorePath={keystore}");
            await Exchanges.RegisterSampleAgenciesAsync(server);

            var error = await Assert.ThrowsAsync<RpcException>(() => SignAsH41Async(server));
            Assert.Equal(GrpcStatusCode.FailedPrecondition, error.StatusCode);

            File.Copy(RepositoryPaths.SampleCert("signing/seals/000.00.00.H41.p12"), file, overwrite: true);
            await SignAsH41Async(server);
        }
        finally
        {
            Directory.Delete(keystore, recursive: true);
        }
    }

    [Fact]
    public async Task A_TSA_file_that_cannot_be_opened_stops_the_start_with_a_message_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            TestServer.StartAsync("--DocExchange:Signing:KeystorePassword=not-the-password"));

        Assert.Contains("DocExchange:Signing:Tsa:CertificatePassword", error.Message);
    }

    [Fact]
    public async Task A_wrong_keystore_password_gives_failed_precondition_without_revealing_the_key()
    {
        await using var server = await TestServer.StartAsync(
            "--DocExchange:Signing:KeystorePassword=not-the-password", $"--DocExchange:Signing:Tsa:CertificatePassword={TestServer.SamplePassword}");
        await Exchanges.RegisterSampleAgenciesAsync(server);

        var error = await Assert.ThrowsAsync<RpcException>(() => SignAsH41Async(server));

        Assert.Equal(GrpcStatusCode.FailedPrecondition, error.StatusCode);
        Assert.Contains("wrong keystore password", error.Status.Detail);
        Assert.DoesNotContain("not-the-password", error.Status.Detail);
    }

    private static async Task SignAsH41Async(TestServer server)
    {
        using var call = server.Agency(TestServer.H41).AsyncDuplexStreamingCall(Protocol.V1.Signing.Methods.Sign);
        await call.RequestStream.WriteAsync(new SignRequest { Options = new SignOptions { Level = SignatureLevel.BB } });
        await call.RequestStream.WriteAsync(new SignRequest { PdfChunk = ByteString.CopyFrom(SamplePdf.Create("x")) });
        await call.RequestStream.CompleteAsync();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
        }
    }
}
