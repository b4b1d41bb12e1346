using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using DocExchange.EdXml;
using DocExchange.EdXml.Reading;
using DocExchange.EdXml.Signatures;
using DocExchange.Protocol.V1;

namespace DocExchange.Integration.Tests.EdXml;

/// <summary>One server for the generated round trips, with the agencies the generated documents name registered.</summary>
public sealed class RoundTripServer : IAsyncLifetime
{
    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync();
        await Exchanges.RegisterSampleAgenciesAsync(Server);
        foreach (var code in GeneratedExchangeDocument.ExtraRecipients)
        {
            await Server.Operator().UnaryAsync(Protocol.V1.Registry.Methods.RegisterAgency, new RegisterAgencyRequest { Code = code, Name = "Cơ quan nhận " + code });
        }
    }

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>
/// Round trips through the live server over generated documents (<see cref="GeneratedExchangeDocument"/>; the seed is
/// the test case's argument, so a failure names it and <c>--filter</c> reruns it): native → edXML → native and
/// edXML → native → edXML keep every field and every attachment's bytes.
/// </summary>
public sealed class GeneratedRoundTripTests(RoundTripServer fixture) : IClassFixture<RoundTripServer>
{
    /// <summary>
    /// What the server adds or changes in a package it writes, and nothing else: the document id and the route
    /// (TraceHeaderList), which are the exchange's to assign (docs/EDXML.md) and are asserted on their own, and the
    /// envelope signature (outside the edXML namespace, so never a leaf; asserted on its own). Beyond these, only the
    /// form may differ, as <see cref="PackageLeaves.Of"/> says: prefix, whitespace between elements, base64 lines, a
    /// content id's cid: prefix, and an empty or 0 optional field left out or written.
    /// </summary>
    private static readonly string[] ServerAssigned =
    [
        "edXMLEnvelope/edXMLHeader/MessageHeader/DocumentId",
        "edXMLEnvelope/edXMLHeader/TraceHeaderList",
    ];

    private const string Signature = "edXMLEnvelope/edXMLHeader/Signature";

    public static TheoryData<int> NativeSeeds => new(Enumerable.Range(101, 24));

    public static TheoryData<string, int> PackageSeeds
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var seed in Enumerable.Range(201, 16)) data.Add("hand-built", seed);
            foreach (var seed in Enumerable.Range(301, 16)) data.Add("library", seed);
            return data;
        }
    }

    private TestServer Server => fixture.Server;

    [Theory]
    [MemberData(nameof(NativeSeeds))]
    public async Task A_generated_document_sent_natively_is_fetched_as_edXML_with_every_field_and_forwarded_as_edXML_with_every_field_again(int seed)
    {
        var generated = new GeneratedExchangeDocument(seed, TestServer.G22, TestServer.H41);
        var expected = generated.Header.Clone();
        expected.From ??= new Organization();
        expected.From.OrganId = TestServer.G22;

        var sent = await NativeSend.RunAsync(Server.Agency(TestServer.G22), generated.SendHeader($"native-{seed}"), generated.Parts);
        var package = await EdXmlCalls.FetchPackageAsync(Server.Agency(TestServer.H41), sent.DocumentId);

        PackageLeaves.AssertSame(
            PackageLeaves.Of(HandBuiltPackage.Write(seed, expected, generated.Parts), ServerAssigned),
            PackageLeaves.Of(package, ServerAssigned));
        await AssertServerAssignedAsync(package, sent.DocumentId, TestServer.G22);

        // The recipient forwards the package as its own: it becomes the sender, G22 a recipient in its place.
        var forwarded = Forward(package, newSender: TestServer.H41);
        var resent = await EdXmlCalls.SendPackageAsync(Server.Agency(TestServer.H41), $"forward-{seed}", forwarded);
        var back = await NativeFetch.RunAsync(Server.Agency(TestServer.G22), resent.DocumentId);

        var expectedBack = expected.Clone();
        expectedBack.From.OrganId = TestServer.H41;
        expectedBack.To.Single(o => o.OrganId == TestServer.H41).OrganId = TestServer.G22;
        Assert.Equal(HeaderFields.Of(expectedBack), HeaderFields.Of(back.Header.Header));
        Assert.Equal(HeaderFields.Of(generated.Parts), HeaderFields.Of(back));
        Assert.Equal(resent.DocumentId, back.Header.Header.DocumentId);
    }

    [Theory]
    [MemberData(nameof(PackageSeeds))]
    public async Task A_generated_edXML_package_is_fetched_natively_and_as_edXML_with_every_field(string producer, int seed)
    {
        var generated = new GeneratedExchangeDocument(seed, TestServer.G22, TestServer.H41);
        var header = generated.Header.Clone();
        header.From ??= new Organization();
        header.From.OrganId = TestServer.G22;
        var package = producer == "library"
            ? await LibraryPackage.WriteAsync(header, generated.Parts)
            : HandBuiltPackage.Write(seed, header, generated.Parts);

        var sent = await EdXmlCalls.SendPackageAsync(Server.Agency(TestServer.G22), $"{producer}-{seed}", package);
        var native = await NativeFetch.RunAsync(Server.Agency(TestServer.H41), sent.DocumentId);
        var fetched = await EdXmlCalls.FetchPackageAsync(Server.Agency(TestServer.H41), sent.DocumentId);

        Assert.Equal(HeaderFields.Of(header), HeaderFields.Of(native.Header.Header));
        Assert.Equal(HeaderFields.Of(generated.Parts), HeaderFields.Of(native));
        PackageLeaves.AssertSame(PackageLeaves.Of(package, ServerAssigned), PackageLeaves.Of(fetched, ServerAssigned));
        Assert.Empty(PackageLeaves.ForeignElements(package));
        await AssertServerAssignedAsync(fetched, sent.DocumentId, TestServer.G22);
    }

    [Theory]
    [InlineData("phuluc-1@qlvb.nghean.gov.vn")]
    [InlineData("phụ-lục-1")]
    public async Task A_package_whose_content_id_cannot_be_a_part_id_is_refused_naming_the_element_not_renamed(string contentId)
    {
        var generated = new GeneratedExchangeDocument(401, TestServer.G22, TestServer.H41);
        var header = generated.Header.Clone();
        header.From ??= new Organization();
        header.From.OrganId = TestServer.G22;
        var parts = generated.Parts.Select((p, i) => i == 0 ? p with { Info = new PartInfo(p.Info) { PartId = contentId } } : p).ToList();

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() =>
            EdXmlCalls.SendPackageAsync(Server.Agency(TestServer.G22), $"content-id-{contentId}", HandBuiltPackage.Write(401, header, parts)));

        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("edXMLBody/edXMLManifest/Reference/ContentId", error.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>The document id the server assigned, the one hop of the route (the sender), and the sender's seal on the envelope.</summary>
    private static async Task AssertServerAssignedAsync(byte[] package, string documentId, string sender)
    {
        var leaves = PackageLeaves.Of(package);
        Assert.Equal($"{ServerAssigned[0]}={documentId}", Assert.Single(leaves, l => l.StartsWith(ServerAssigned[0] + "=", StringComparison.Ordinal)));
        Assert.Equal($"{ServerAssigned[1]}/TraceHeader/OrganId={sender}", Assert.Single(leaves, l => l.StartsWith(ServerAssigned[1] + "/TraceHeader/OrganId=", StringComparison.Ordinal)));
        Assert.Equal([Signature], PackageLeaves.ForeignElements(package));
        using var temp = new TempDirectory();
        await using var read = await EdXmlPackageReader.ReadAsync(new MemoryStream(package), new EdXmlReaderOptions { TempDirectory = temp.Path }, CancellationToken.None);
        Assert.Equal(EdXmlSignatureStatus.Valid, read.Signature.Status);
        var seal = X509CertificateLoader.LoadCertificateFromFile(RepositoryPaths.SampleCert($"signing/seal-{sender[^3..]}.crt"));
        Assert.Equal(seal.Thumbprint, read.Signature.Signer!.Thumbprint);
    }

    /// <summary>
    /// A fetched package made the recipient's own, as its document-management system would before sending it on: From
    /// names the new sender, the new sender's place in To goes to the former sender, and what the exchange assigns
    /// (document id, route) and the former sender's envelope signature are taken out. Everything else is left as read.
    /// </summary>
    private static byte[] Forward(byte[] package, string newSender)
    {
        XNamespace e = HandWrittenPackage.Ns;
        using var input = new MemoryStream(package, writable: false);
        var document = XDocument.Load(input, LoadOptions.PreserveWhitespace);
        var header = document.Root!.Element(e + "edXMLEnvelope")!.Element(e + "edXMLHeader")!;
        var message = header.Element(e + "MessageHeader")!;
        var oldSender = message.Element(e + "From")!.Element(e + "OrganId")!.Value;
        message.Element(e + "From")!.Element(e + "OrganId")!.Value = newSender;
        message.Elements(e + "To").Single(t => t.Element(e + "OrganId")!.Value == newSender).Element(e + "OrganId")!.Value = oldSender;
        message.Element(e + "DocumentId")!.Remove();
        header.Element(e + "TraceHeaderList")!.Remove();
        header.Elements().Single(x => x.Name.LocalName == "Signature").Remove();
        using var output = new MemoryStream();
        using (var writer = XmlWriter.Create(output, new XmlWriterSettings { Encoding = new UTF8Encoding(false), NewLineHandling = NewLineHandling.Entitize }))
        {
            document.Save(writer);
        }
        return output.ToArray();
    }
}
