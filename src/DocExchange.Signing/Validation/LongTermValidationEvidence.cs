using DocExchange.Signing.Ltv;
using DocExchange.Signing.Pdf;

namespace DocExchange.Signing.Validation;

/// <summary>
/// What the document security store holds at each revision, and whether it is enough to validate a
/// certificate path without outside data (PAdES B-LT, ETSI EN 319 142-1 §6.4).
/// </summary>
internal sealed class LongTermValidationEvidence(PdfDocument document)
{
    private readonly Dictionary<int, (DssSnapshot Snapshot, RevocationChecker Revocation)> _byRevision = [];

    public DssSnapshot Latest => Get(document.LastRevision.Number).Snapshot;

    /// <summary>
    /// Whether the DSS as of <paramref name="revision"/> holds every non-anchor certificate of <paramref name="chain"/>
    /// (or the signature carries it) and an OCSP response or a CRL from each issuer giving the status of each certificate.
    /// </summary>
    public bool Covers(int revision, IReadOnlyList<X509Certificate2> chain, IEnumerable<X509Certificate2> carried, DateTimeOffset time, DateTimeOffset? proofOfExistence)
    {
        var (snapshot, revocation) = Get(revision);
        if (snapshot.IsEmpty || chain.Count == 0)
        {
            return false;
        }
        var known = snapshot.Certificates.Concat(carried).ToList();
        for (var i = 0; i < chain.Count - 1; i++)
        {
            if (!known.Any(c => c.RawData.AsSpan().SequenceEqual(chain[i].RawData)))
            {
                return false;
            }
            if (!revocation.Check(chain[i], chain[i + 1], time, proofOfExistence).Found)
            {
                return false;
            }
        }
        return true;
    }

    private (DssSnapshot Snapshot, RevocationChecker Revocation) Get(int revision)
    {
        if (!_byRevision.TryGetValue(revision, out var entry))
        {
            var problems = new List<string>();
            var snapshot = DssSnapshot.Read(document, document.Revisions[revision - 1], problems);
            entry = (snapshot, new RevocationChecker(new OcspResponseSet(snapshot.OcspResponses, problems), new CrlSet(snapshot.Crls, problems)));
            _byRevision[revision] = entry;
        }
        return entry;
    }
}
