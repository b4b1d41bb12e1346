using System.Runtime.CompilerServices;
using System.Security.Cryptography.X509Certificates;
using DocExchange.Client.Transport;
using DocExchange.Protocol.V1;
using Google.Protobuf;

namespace DocExchange.Client;

public sealed partial class DocExchangeClient
{
    /// <summary>Registers an agency (operators only). ALREADY_EXISTS when its code is taken.</summary>
    public Task<Agency> RegisterAgencyAsync(RegisterAgencyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        DocumentMetadataBuilder.ParseAgencyCode(request.Code, "agency code");
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Name, nameof(request));
        return UnaryAsync(Registry.Methods.RegisterAgency, request, CallSafety.NotIdempotent, static a => a, cancellationToken);
    }

    /// <summary>Registers an agency by code and name, with optional edXML contact fields (operators only).</summary>
    public Task<Agency> RegisterAgencyAsync(string code, string name, Organization? contact = null, CancellationToken cancellationToken = default) =>
        RegisterAgencyAsync(new RegisterAgencyRequest { Code = code ?? string.Empty, Name = name ?? string.Empty, Contact = contact }, cancellationToken);

    /// <summary>A registered agency, by code. NOT_FOUND when it is not registered.</summary>
    public Task<Agency> GetAgencyAsync(string code, CancellationToken cancellationToken = default) =>
        UnaryAsync(Registry.Methods.GetAgency, new GetAgencyRequest { Code = AgencyCodeOf(code) }, CallSafety.IdempotentRead, static a => a, cancellationToken);

    /// <summary>One page of the agencies below <paramref name="code"/>: its direct children, or all descendants when <paramref name="recursive"/>.</summary>
    public Task<ListAgenciesResponse> ListChildrenAsync(
        string code, bool recursive = false, bool includeInactive = false, string? pageToken = null, int pageSize = 0, CancellationToken cancellationToken = default) =>
        UnaryAsync(Registry.Methods.ListChildren, ChildrenRequest(code, recursive, includeInactive, pageToken, pageSize), CallSafety.IdempotentRead, static r => r, cancellationToken);

    /// <summary>Every agency below <paramref name="code"/>, page after page.</summary>
    public async IAsyncEnumerable<Agency> ListAllChildrenAsync(
        string code, bool recursive = false, bool includeInactive = false, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = ChildrenRequest(code, recursive, includeInactive, null, 0);
        do
        {
            var page = await UnaryAsync(Registry.Methods.ListChildren, request, CallSafety.IdempotentRead, static r => r, cancellationToken).ConfigureAwait(false);
            foreach (var agency in page.Agencies)
            {
                yield return agency;
            }

            request = request.Clone();
            request.Page.PageToken = page.NextPageToken;
        }
        while (request.Page.PageToken.Length > 0);
    }

    /// <summary>Changes an agency's name or contact, or reactivates it (operators only). Empty fields keep their value.</summary>
    public Task<Agency> UpdateAgencyAsync(UpdateAgencyRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        DocumentMetadataBuilder.ParseAgencyCode(request.Code, "agency code");
        return UnaryAsync(Registry.Methods.UpdateAgency, request, CallSafety.IdempotentWrite, static a => a, cancellationToken);
    }

    /// <summary>Deactivates an agency (operators only): it can neither send nor be sent to. Its documents stay readable.</summary>
    public Task<Agency> DeactivateAgencyAsync(string code, string? reason = null, CancellationToken cancellationToken = default) =>
        UnaryAsync(Registry.Methods.DeactivateAgency, new DeactivateAgencyRequest { Code = AgencyCodeOf(code), Reason = reason ?? string.Empty },
            CallSafety.IdempotentWrite, static a => a, cancellationToken);

    /// <summary>Adds a CA trusted to issue an agency's client certificates (operators only).</summary>
    public Task<Agency> AddTrustedCaAsync(string code, X509Certificate2 certificate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var request = new AddTrustedCaRequest { Code = AgencyCodeOf(code), CertificateDer = ByteString.CopyFrom(certificate.RawData) };
        return UnaryAsync(Registry.Methods.AddTrustedCa, request, CallSafety.IdempotentWrite, static a => a, cancellationToken);
    }

    /// <summary>Publishes a CRL (DER) from one of an agency's trusted CAs (operators only).</summary>
    public Task<PublishCrlResponse> PublishCrlAsync(string code, ReadOnlyMemory<byte> crlDer, CancellationToken cancellationToken = default)
    {
        var request = new PublishCrlRequest { Code = AgencyCodeOf(code), CrlDer = ByteString.CopyFrom(crlDer.Span) };
        return UnaryAsync(Registry.Methods.PublishCrl, request, CallSafety.IdempotentWrite, static r => r, cancellationToken);
    }

    private static ListChildrenRequest ChildrenRequest(string code, bool recursive, bool includeInactive, string? pageToken, int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pageSize);
        return new ListChildrenRequest
        {
            Code = AgencyCodeOf(code),
            Recursive = recursive,
            IncludeInactive = includeInactive,
            Page = new PageRequest { PageSize = pageSize, PageToken = pageToken ?? string.Empty },
        };
    }

    private static string AgencyCodeOf(string code) => DocumentMetadataBuilder.ParseAgencyCode(code, "agency code").Value;
}
