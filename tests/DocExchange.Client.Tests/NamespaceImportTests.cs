// The imports docs/CLIENT.md tells a consumer to write, without an alias: this file compiles only while no type of the
// contract (DocExchange.Protocol.V1) or the client has the name of a Grpc.Core type (CS0104 otherwise).
using DocExchange.Client.Tests.Infrastructure;
using DocExchange.Protocol.V1;
using Grpc.Core;

namespace DocExchange.Client.Tests;

public sealed class NamespaceImportTests : ServerTest
{
    [Fact]
    public async Task A_file_importing_Grpc_Core_and_the_contract_names_both_the_gRPC_and_the_edXML_status_codes()
    {
        var sent = await Server.Agency(LoopbackServer.G22).SendAsync(Document("451"), cancellationToken: Timeout);
        var recipient = Server.Agency(LoopbackServer.H41);

        var acknowledged = await recipient.PostStatusAsync(sent.DocumentId, ProcessingStatusCode.Arrived, cancellationToken: Timeout);
        var error = await Assert.ThrowsAsync<DocExchangeException>(() =>
            recipient.PostStatusAsync(sent.DocumentId, ProcessingStatusCode.Rejected, cancellationToken: Timeout));

        Assert.Equal(ProcessingStatusCode.Arrived, acknowledged.StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
    }
}
