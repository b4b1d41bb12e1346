using DocExchange.Core.Agencies;

namespace DocExchange.Server.Identity;

/// <summary>Who is calling, derived from the client certificate (or, in development, the dev-caller header).</summary>
public sealed record CallerIdentity(CallerRole Role, AgencyCode? Agency, byte[] CertificateSha256)
{
    public static CallerIdentity Anonymous { get; } = new(CallerRole.Anonymous, null, []);

    public static CallerIdentity ForAgency(AgencyCode code, byte[] certificateSha256) => new(CallerRole.Agency, code, certificateSha256);

    /// <summary>The agency this caller acts as; only meaningful for <see cref="CallerRole.Agency"/>.</summary>
    public AgencyCode RequireAgency() =>
        Agency ?? throw new InvalidOperationException("The caller is not an agency.");

    /// <summary>
    /// "agency &lt;code&gt;", or the role in lower case: made once per identity, which the authenticator keeps per
    /// certificate, rather than on every call that logs or limits it. Derived from <see cref="Role"/> and
    /// <see cref="Agency"/> only, so it does not change what equality means.
    /// </summary>
    public string Name { get; } = Role == CallerRole.Agency ? $"agency {Agency}" : Role.ToString().ToLowerInvariant();

    public override string ToString() => Name;
}
