using DocExchange.Core.Agencies;
using DocExchange.Signing.Pades;

namespace DocExchange.Server.Signing;

/// <summary>
/// Where the server keeps the agencies' seal keys (chữ ký số của cơ quan). The software implementation reads
/// encrypted files; a PKCS #11 HSM implementation returns an <see cref="IPadesSigner"/> whose key never leaves the device.
/// </summary>
public interface ISealKeyStore
{
    /// <summary>The seal signer of <paramref name="agency"/>, or null when the store holds no key for it.</summary>
    /// <exception cref="SealKeyStoreException">A key exists but cannot be used (wrong password, wrong agency bound, …).</exception>
    Task<IPadesSigner?> FindSealAsync(AgencyCode agency, CancellationToken cancellationToken);
}

/// <summary>A seal key that is present but unusable: a configuration problem for an operator to fix.</summary>
public sealed class SealKeyStoreException(string message, Exception? inner = null) : Exception(message, inner);
