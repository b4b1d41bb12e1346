using DocExchange.Core.Agencies;
using DocExchange.Core.Exchange;
using Grpc.Core;
using DocExchange.Protocol.V1;
using DocExchange.Server.Identity;
using DocExchange.Server.Services.Mapping;
using Agency = DocExchange.Protocol.V1.Agency;

namespace DocExchange.Server.Services;

/// <summary>docexchange.v1.Registry: the agencies, their codes and parents.</summary>
public sealed class RegistryGrpcService(ExchangeService exchange) : Protocol.V1.Registry.RegistryBase
{
    public override async Task<Agency> RegisterAgency(RegisterAgencyRequest request, ServerCallContext context)
    {
        var registration = new AgencyRegistration(request.Code, request.Name, request.Contact.ToDomainContact(),
            [.. request.TrustedCaDer.Select(der => der.ToByteArray())],
            [.. request.PinnedThumbprints.Select(pin => pin.ToByteArray())]);
        return (await exchange.RegisterAgencyAsync(registration, Actor(context), context.CancellationToken).ConfigureAwait(false)).ToProto();
    }

    public override async Task<Agency> UpdateAgency(UpdateAgencyRequest request, ServerCallContext context)
    {
        var update = new AgencyUpdate(request.Code, request.Name.Length == 0 ? null : request.Name, request.Contact.ToDomainContact(), request.Reactivate);
        return (await exchange.UpdateAgencyAsync(update, Actor(context), context.CancellationToken).ConfigureAwait(false)).ToProto();
    }

    public override async Task<Agency> DeactivateAgency(DeactivateAgencyRequest request, ServerCallContext context) =>
        (await exchange.DeactivateAgencyAsync(request.Code, request.Reason, Actor(context), context.CancellationToken).ConfigureAwait(false)).ToProto();

    public override async Task<Agency> GetAgency(GetAgencyRequest request, ServerCallContext context) =>
        (await exchange.GetAgencyAsync(request.Code, context.CancellationToken).ConfigureAwait(false)).ToProto();

    public override async Task<ListAgenciesResponse> ListChildren(ListChildrenRequest request, ServerCallContext context)
    {
        var page = request.Page is { } p ? new Core.Paging.PageRequest(p.PageSize, p.PageToken.Length == 0 ? null : p.PageToken) : null;
        var result = await exchange.ListChildrenAsync(request.Code, request.Recursive, request.IncludeInactive, page, context.CancellationToken).ConfigureAwait(false);
        var response = new ListAgenciesResponse { NextPageToken = result.NextPageToken ?? string.Empty };
        response.Agencies.AddRange(result.Items.Select(a => a.ToProto()));
        return response;
    }

    public override async Task<Agency> AddTrustedCa(AddTrustedCaRequest request, ServerCallContext context) =>
        (await exchange.AddTrustedCaAsync(request.Code, request.CertificateDer.ToByteArray(), Actor(context), context.CancellationToken).ConfigureAwait(false)).ToProto();

    public override async Task<PublishCrlResponse> PublishCrl(PublishCrlRequest request, ServerCallContext context)
    {
        var agency = await exchange.GetAgencyAsync(request.Code, context.CancellationToken).ConfigureAwait(false);
        var crl = PublishedCrl.Verify(agency, request.CrlDer.ToByteArray());
        var published = await exchange.PublishCrlAsync(request.Code, crl, Actor(context), context.CancellationToken).ConfigureAwait(false);
        var response = new PublishCrlResponse
        {
            Issuer = published.Issuer,
            RevokedCount = published.RevokedCount,
            ThisUpdate = published.ThisUpdate.ToProto(),
        };
        if (published.NextUpdate is { } next) response.NextUpdate = next.ToProto();
        return response;
    }

    private static Core.Auditing.ExchangeActor Actor(ServerCallContext context) => context.Caller().ToActor();
}
