using DocExchange.Signing.Pades;
using DocExchange.Signing.Pdf;
using DocExchange.Signing.Tests.Infrastructure;
using DocExchange.Signing.Validation;

namespace DocExchange.Signing.Tests.Validation;

/// <summary>Hostile input: mutated signed PDFs must yield a report or a format error, never a crash or a hang.</summary>
public sealed class ValidatorFuzzTests
{
    [Theory(Timeout = 120_000)]
    [InlineData(false, 20251121)]
    [InlineData(true, 20251122)]
    public async Task Mutated_signed_pdfs_give_a_report_or_a_format_error(bool xrefStream, int seed)
    {
        var pki = SharedPki.WithEcdsaSigners;
        var original = xrefStream ? await TestPdfs.WithXrefStreamAsync(TestPdfs.Classic(pages: 2)) : TestPdfs.Classic(pages: 2);
        var once = await SignedPdfs.SignAsync(original, pki.PersonalSigner, pki.AgencyChain);
        var signed = await SignedPdfs.SignAsync(once, pki.OrganisationSeal, pki.AgencyChain, new PdfSignatureOptions { TimestampAuthority = SignedPdfs.Tsa(pki) });
        var options = Validate.TrustingSample(pki);
        var random = new Random(seed);
        var outcomes = new Dictionary<string, int>();

        for (var i = 0; i < 150; i++)
        {
            var (mutated, description) = Mutate(signed, random);
            string outcome;
            try
            {
                var report = await Validate.PdfAsync(mutated, options);
                outcome = report.Signatures.Count == 0 ? "no signatures" : string.Join(",", report.Signatures.Select(s => s.SubIndication));
            }
            catch (PdfFormatException)
            {
                outcome = "format error";
            }
            catch (Exception e)
            {
                Assert.Fail($"Mutation #{i} ({description}) crashed the validator: {e}");
                throw;
            }
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        // The mutations must have exercised more than one path, or the test proves little.
        Assert.True(outcomes.Count >= 3, string.Join("; ", outcomes.Select(o => $"{o.Key}: {o.Value}")));
    }

    private static (byte[] Pdf, string Description) Mutate(byte[] pdf, Random random)
    {
        var copy = (byte[])pdf.Clone();
        var at = random.Next(copy.Length);
        switch (random.Next(6))
        {
            case 0:
                copy[at] ^= (byte)(1 << random.Next(8));
                return (copy, $"bit flip at {at}");
            case 1:
                var length = Math.Min(random.Next(1, 64), copy.Length - at);
                random.NextBytes(copy.AsSpan(at, length));
                return (copy, $"{length} random bytes at {at}");
            case 2:
                return (copy[..at], $"truncated to {at}");
            case 3:
                var digit = (byte)('0' + random.Next(10));
                for (var i = at; i < Math.Min(copy.Length, at + 200); i++)
                {
                    if (copy[i] is >= (byte)'0' and <= (byte)'9')
                    {
                        copy[i] = digit;
                        return (copy, $"digit at {i} set to {(char)digit}");
                    }
                }
                return (copy, "no digit found");
            case 4:
                var chunk = copy.AsSpan(at, Math.Min(random.Next(1, 300), copy.Length - at)).ToArray();
                var insertAt = random.Next(copy.Length);
                return ([.. copy[..insertAt], .. chunk, .. copy[insertAt..]], $"{chunk.Length} bytes from {at} inserted at {insertAt}");
            default:
                var tail = random.Next(1, Math.Max(2, copy.Length / 4));
                return (copy[..^tail].Concat(copy[^tail..].Reverse()).ToArray(), $"last {tail} bytes reversed");
        }
    }
}
