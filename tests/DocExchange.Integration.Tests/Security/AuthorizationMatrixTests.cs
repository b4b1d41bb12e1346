using System.Reflection;
using Grpc.Core;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DocExchange.Integration.Tests.Security;

/// <summary>
/// Every RPC of every served proto, called with a minimal request by every kind of caller over mutual TLS, against a
/// table of the exact outcome of each cell. The table is keyed by the RPCs the descriptors declare: an RPC added to
/// a proto but not to this table fails <see cref="The_table_names_exactly_the_rpcs_the_protos_declare"/>.
/// </summary>
/// <remarks>
/// Cells: "ok" = the call got past authentication and authorisation (its status, whatever the empty request earns
/// it, is neither PERMISSION_DENIED, UNAUTHENTICATED nor UNAVAILABLE); "PD" = PERMISSION_DENIED; "UA" = UNAUTHENTICATED;
/// "UV" = UNAVAILABLE (the call never reached the gRPC layer; no cell expects it). Any client certificate passes the
/// TLS handshake: whether it is trusted for the identity it binds, valid now and not revoked is decided per call, so
/// an expired, revoked or untrusted certificate gets UNAUTHENTICATED on every call, health checks included (a client
/// without a certificate may still check health). "unregistered" holds a valid certificate of the trusted CA for an
/// agency the registry does not know: it may call only what is open to everyone.
/// </remarks>
public sealed class AuthorizationMatrixTests(AuthorizationMatrixTests.Fixture fixture) : IClassFixture<AuthorizationMatrixTests.Fixture>
{
    public static readonly string[] Callers = ["agency-A", "agency-B", "auditor", "operator", "no-certificate", "expired", "revoked", "untrusted-ca", "unregistered"];

    private const string Open = "ok ok ok ok ok UA UA UA ok";
    private const string AgenciesOnly = "ok ok PD PD UA UA UA UA PD";
    private const string OperatorsOnly = "PD PD PD ok UA UA UA UA PD";
    private const string AnyIdentified = "ok ok ok ok UA UA UA UA PD";
    private const string TrailReaders = "PD PD ok ok UA UA UA UA PD";

    /// <summary>Columns in the order of <see cref="Callers"/>.</summary>
    private static readonly Dictionary<string, string> Expected = new(StringComparer.Ordinal)
    {
        ["/grpc.health.v1.Health/Check"] = Open,
        ["/grpc.health.v1.Health/Watch"] = Open,
        ["/grpc.reflection.v1.ServerReflection/ServerReflectionInfo"] = Open,
        ["/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo"] = Open,
        ["/docexchange.v1.Exchange/Send"] = AgenciesOnly,
        ["/docexchange.v1.Exchange/SubscribeInbox"] = AgenciesOnly,
        ["/docexchange.v1.Exchange/Fetch"] = AgenciesOnly,
        ["/docexchange.v1.Exchange/PostStatus"] = AgenciesOnly,
        ["/docexchange.v1.Exchange/WatchStatuses"] = AgenciesOnly,
        ["/docexchange.v1.Exchange/GetStatusHistory"] = AgenciesOnly,
        ["/docexchange.v1.Exchange/Recall"] = AgenciesOnly,
        ["/docexchange.v1.Exchange/UpdateRecipients"] = AgenciesOnly,
        ["/docexchange.v1.Exchange/ListSent"] = AgenciesOnly,
        ["/docexchange.v1.Exchange/ListReceived"] = AgenciesOnly,
        ["/docexchange.v1.EdXmlExchange/SendPackage"] = AgenciesOnly,
        ["/docexchange.v1.EdXmlExchange/FetchPackage"] = AgenciesOnly,
        ["/docexchange.v1.EdXmlExchange/FetchStatusPackages"] = AgenciesOnly,
        ["/docexchange.v1.EdXmlExchange/PostStatusPackage"] = AgenciesOnly,
        ["/docexchange.v1.Signing/Sign"] = AgenciesOnly,
        ["/docexchange.v1.Signing/Verify"] = AnyIdentified,
        ["/docexchange.v1.Registry/RegisterAgency"] = OperatorsOnly,
        ["/docexchange.v1.Registry/UpdateAgency"] = OperatorsOnly,
        ["/docexchange.v1.Registry/DeactivateAgency"] = OperatorsOnly,
        ["/docexchange.v1.Registry/AddTrustedCa"] = OperatorsOnly,
        ["/docexchange.v1.Registry/PublishCrl"] = OperatorsOnly,
        ["/docexchange.v1.Registry/GetAgency"] = AnyIdentified,
        ["/docexchange.v1.Registry/ListChildren"] = AnyIdentified,
        ["/docexchange.v1.Audit/QueryEvents"] = TrailReaders,
        ["/docexchange.v1.Audit/GetCheckpoint"] = AnyIdentified,
        ["/docexchange.v1.Audit/GetInclusionProof"] = AnyIdentified,
        ["/docexchange.v1.Audit/GetConsistencyProof"] = AnyIdentified,
        ["/docexchange.v1.Audit/GetLogInfo"] = AnyIdentified,
    };

    private static readonly MethodInfo CallGeneric =
        typeof(AuthorizationMatrixTests).GetMethod(nameof(CallAsync), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static TheoryData<string> CallerData() => new(Callers);

    private static IEnumerable<MethodDescriptor> DeclaredRpcs =>
        new[]
        {
            Protocol.V1.Exchange.Descriptor, Protocol.V1.EdXmlExchange.Descriptor, Protocol.V1.Registry.Descriptor, Protocol.V1.Audit.Descriptor,
            Protocol.V1.Signing.Descriptor, Grpc.Health.V1.Health.Descriptor, Grpc.Reflection.V1.ServerReflection.Descriptor, Grpc.Reflection.V1Alpha.ServerReflection.Descriptor,
        }.SelectMany(service => service.Methods);

    [Fact]
    public void The_table_names_exactly_the_rpcs_the_protos_declare()
    {
        var declared = DeclaredRpcs.Select(FullName).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(32, declared.Count);
        Assert.Empty(declared.Except(Expected.Keys));
        Assert.Empty(Expected.Keys.Except(declared));
    }

    [Theory]
    [MemberData(nameof(CallerData))]
    public async Task Every_rpc_answers_this_caller_exactly_as_the_table_says(string caller)
    {
        var column = Array.IndexOf(Callers, caller);
        var invoker = fixture.Invoker(caller);
        var mismatches = new List<string>();
        foreach (var rpc in DeclaredRpcs)
        {
            var expected = Expected[FullName(rpc)].Split(' ')[column];
            var status = await (Task<GrpcStatusCode>)CallGeneric.MakeGenericMethod(rpc.InputType.ClrType, rpc.OutputType.ClrType).Invoke(null, [invoker, rpc])!;
            var actual = status switch
            {
                GrpcStatusCode.PermissionDenied => "PD",
                GrpcStatusCode.Unauthenticated => "UA",
                GrpcStatusCode.Unavailable => "UV",
                _ => "ok",
            };
            if (actual != expected)
            {
                mismatches.Add($"{FullName(rpc)}: expected {expected}, got {status}");
            }
        }

        Assert.Empty(mismatches);
    }

    private static string FullName(MethodDescriptor rpc) => $"/{rpc.Service.FullName}/{rpc.Name}";

    /// <summary>Calls <paramref name="rpc"/> with an empty request (and an empty, completed request stream) and returns its status.</summary>
    private static async Task<GrpcStatusCode> CallAsync<TRequest, TResponse>(CallInvoker invoker, MethodDescriptor rpc)
        where TRequest : class, IMessage<TRequest>, new()
        where TResponse : class, IMessage<TResponse>, new()
    {
        var type = (rpc.IsClientStreaming, rpc.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (true, false) => MethodType.ClientStreaming,
            (false, true) => MethodType.ServerStreaming,
            (true, true) => MethodType.DuplexStreaming,
        };
        var method = new Method<TRequest, TResponse>(type, rpc.Service.FullName, rpc.Name,
            Marshallers.Create(static m => m.ToByteArray(), new MessageParser<TRequest>(static () => new TRequest()).ParseFrom),
            Marshallers.Create(static m => m.ToByteArray(), new MessageParser<TResponse>(static () => new TResponse()).ParseFrom));
        var options = new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10));
        try
        {
            switch (method.Type)
            {
                case MethodType.Unary:
                    await invoker.UnaryAsync(method, new TRequest(), options);
                    break;
                case MethodType.ClientStreaming:
                    {
                        using var call = invoker.AsyncClientStreamingCall(method, options);
                        await CompleteQuietlyAsync(call.RequestStream);
                        await call.ResponseAsync;
                        break;
                    }

                case MethodType.ServerStreaming:
                    {
                        // Subscriptions stay open: the first message (or the status) is the answer.
                        using var call = invoker.AsyncServerStreamingCall(method, new TRequest(), options);
                        await call.ResponseStream.MoveNext(CancellationToken.None);
                        break;
                    }

                case MethodType.DuplexStreaming:
                    {
                        using var call = invoker.AsyncDuplexStreamingCall(method, options);
                        await CompleteQuietlyAsync(call.RequestStream);
                        while (await call.ResponseStream.MoveNext(CancellationToken.None))
                        {
                        }

                        break;
                    }
            }

            return GrpcStatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    private static async Task CompleteQuietlyAsync<T>(IClientStreamWriter<T> requests)
    {
        try
        {
            await requests.CompleteAsync();
        }
        catch (RpcException)
        {
            // The call already ended; its status is read next.
        }
    }

    /// <summary>One server, one channel per kind of caller (the agencies, auditor and operator hold certificates of the test CA).</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TestPki _pki = new();
        private readonly Dictionary<string, CallInvoker> _invokers = [];
        private TestServer _server = null!;

        public CallInvoker Invoker(string caller) => _invokers[caller];

        public async Task InitializeAsync()
        {
            _server = await TestServer.StartAsync(_pki.ServerArgs);
            await Exchanges.RegisterSampleAgenciesAsync(_server);
            var revoked = _pki.Agency(TestServer.G22);
            _pki.Revoke(revoked);
            _invokers["agency-A"] = _server.WithCertificate(_pki.Agency(TestServer.G22));
            _invokers["agency-B"] = _server.WithCertificate(_pki.Agency(TestServer.H41));
            _invokers["auditor"] = _server.WithCertificate(_pki.Role("auditor"));
            _invokers["operator"] = _server.WithCertificate(_pki.Role("operator"));
            _invokers["no-certificate"] = _server.WithCertificate(null);
            _invokers["expired"] = _server.WithCertificate(_pki.Agency(TestServer.G22, notBefore: DateTimeOffset.UtcNow.AddDays(-30), notAfter: DateTimeOffset.UtcNow.AddDays(-1)));
            _invokers["revoked"] = _server.WithCertificate(revoked);
            _invokers["untrusted-ca"] = _server.WithCertificate(_pki.Agency(TestServer.G22, issuer: _pki.UntrustedCa));
            _invokers["unregistered"] = _server.WithCertificate(_pki.Agency("000.00.00.H99"));
        }

        public async Task DisposeAsync()
        {
            await _server.DisposeAsync();
            _pki.Dispose();
        }
    }
}
