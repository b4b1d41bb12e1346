using System.Globalization;
using System.Text;
using DocExchange.Signing.Appearance;
using DocExchange.Signing.Pdf;

namespace DocExchange.Signing.Pades;

/// <summary>
/// Signs PDFs by appending an incremental update, so earlier revisions and their signatures stay intact.
/// Two steps (<see cref="PrepareAsync"/> then <see cref="EmbedAsync"/>) keep the private key wherever it is;
/// <see cref="SignAsync"/> does both with an <see cref="IPadesSigner"/>.
/// </summary>
public static class PdfSigner
{
    private const int DefaultCapacity = 16 * 1024;
    private const string ByteRangePlaceholder = "[0 0000000000 0000000000 0000000000]";

    /// <summary>
    /// Copies <paramref name="input"/> to <paramref name="output"/> and appends a signature field and a /Sig
    /// dictionary whose /Contents is a zero-filled placeholder, hashing the signed byte ranges on the way.
    /// </summary>
    /// <param name="input">The PDF; readable and seekable.</param>
    /// <param name="output">Receives the prepared PDF; must be seekable for <see cref="EmbedAsync"/>.</param>
    public static Task<PreparedPdfSignature> PrepareAsync(Stream input, Stream output, PdfSignatureOptions options, CancellationToken cancellationToken) =>
        PrepareCoreAsync(input, output, options, documentTimestamp: false, cancellationToken);

    /// <summary>As <see cref="PrepareAsync"/>; with <paramref name="documentTimestamp"/>, the placeholder is a /DocTimeStamp (ETSI.RFC3161).</summary>
    /// <param name="keepInputHash">
    /// When the digest is SHA-256, receives a copy of the hash state after the input's bytes, and their count: the
    /// SHA-256 of the finished file starts the same, so the caller need not hash those bytes again.
    /// </param>
    internal static async Task<PreparedPdfSignature> PrepareCoreAsync(Stream input, Stream output, PdfSignatureOptions options, bool documentTimestamp, CancellationToken cancellationToken,
        Action<IncrementalHash, long>? keepInputHash = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        var capacity = options.ContentsCapacity > 0 ? options.ContentsCapacity : DefaultCapacity;
        var signingTime = options.SigningTime ?? DateTimeOffset.UtcNow;
        input.Position = 0;
        var document = PdfDocument.Open(input, cancellationToken);
        var (update, fieldName, signatureReference) = BuildUpdate(document, options, capacity, signingTime, documentTimestamp);
        var (bytes, offsets) = update.Build();

        var signatureOffset = offsets[signatureReference.Number];
        var byteRangeAt = IndexOf(bytes, Encoding.ASCII.GetBytes(ByteRangePlaceholder), signatureOffset);
        var contentsAt = IndexOf(bytes, "/Contents <"u8.ToArray(), signatureOffset) + "/Contents ".Length;
        var contentsStart = document.Length + contentsAt;
        var contentsEnd = contentsStart + 2 + (2L * capacity);
        var total = document.Length + bytes.Length;
        long[] byteRange = [0, contentsStart, contentsEnd, total - contentsEnd];
        var rangeText = string.Create(CultureInfo.InvariantCulture, $"[0 {byteRange[1]} {byteRange[2]} {byteRange[3]}]").PadRight(ByteRangePlaceholder.Length);
        Encoding.ASCII.GetBytes(rangeText).CopyTo(bytes, byteRangeAt);

        using var hash = IncrementalHash.CreateHash(options.DigestAlgorithm);
        input.Position = 0;
        await CopyAndHashAsync(input, output, document.Length, hash, cancellationToken).ConfigureAwait(false);
        if (keepInputHash is not null && options.DigestAlgorithm == HashAlgorithmName.SHA256)
        {
            keepInputHash(hash.Clone(), document.Length);
        }
        var gapStart = (int)(contentsStart - document.Length);
        var gapEnd = (int)(contentsEnd - document.Length);
        hash.AppendData(bytes, 0, gapStart);
        hash.AppendData(bytes, gapEnd, bytes.Length - gapEnd);
        await output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return new PreparedPdfSignature(fieldName, byteRange, contentsStart, capacity, options.DigestAlgorithm, hash.GetHashAndReset(), signingTime, total);
    }

    /// <summary>Writes the CMS into the /Contents placeholder of a prepared PDF.</summary>
    public static async Task EmbedAsync(Stream output, PreparedPdfSignature prepared, ReadOnlyMemory<byte> cms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(prepared);
        if (!output.CanSeek || !output.CanWrite)
        {
            throw new ArgumentException("The prepared PDF stream must be seekable and writable.", nameof(output));
        }
        if (output.Length != prepared.Length)
        {
            throw new ArgumentException($"The stream is {output.Length} bytes, the prepared PDF was {prepared.Length}.", nameof(output));
        }
        if (cms.Length > prepared.ContentsCapacity)
        {
            throw new InvalidOperationException(
                $"The CMS is {cms.Length} bytes but only {prepared.ContentsCapacity} were reserved; prepare again with a larger ContentsCapacity.");
        }
        if (output.CanRead)
        {
            output.Position = prepared.ContentsOffset;
            var marker = new byte[1];
            await output.ReadExactlyAsync(marker, cancellationToken).ConfigureAwait(false);
            if (marker[0] != '<')
            {
                throw new ArgumentException("The stream does not hold the prepared PDF: no /Contents placeholder at the recorded offset.", nameof(output));
            }
        }
        output.Position = prepared.ContentsOffset + 1;
        await output.WriteAsync(Encoding.ASCII.GetBytes(Convert.ToHexString(cms.Span)), cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        output.Position = output.Length;
    }

    /// <summary>Signs in one call: prepare, sign the attributes with <paramref name="signer"/>, optionally timestamp, embed.</summary>
    /// <param name="output">Receives the signed PDF; must be seekable, readable and writable.</param>
    public static async Task<PdfSigningResult> SignAsync(Stream input, Stream output, IPadesSigner signer, PdfSignatureOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(options);
        if (!output.CanSeek || !output.CanRead || !output.CanWrite)
        {
            throw new ArgumentException("The output stream must be seekable, readable and writable.", nameof(output));
        }
        var estimate = 4096 + signer.Certificate.RawData.Length + signer.Chain.Sum(c => c.RawData.Length)
            + (options.TimestampAuthority is null ? 0 : 8192);
        var effective = options with
        {
            ContentsCapacity = options.ContentsCapacity > 0 ? options.ContentsCapacity : estimate,
            SignerName = options.SignerName ?? signer.Certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false),
            SigningTime = options.SigningTime ?? DateTimeOffset.UtcNow,
        };
        if (effective.Appearance is { Lines.Count: 0 } appearance)
        {
            var organisation = signer.Certificate.SubjectName.EnumerateRelativeDistinguishedNames()
                .Where(n => n.GetSingleElementType().Value == "2.5.4.10").Select(n => n.GetSingleElementValue()).FirstOrDefault();
            effective = effective with
            {
                Appearance = appearance with { Lines = [organisation ?? effective.SignerName!, FormatIso8601(effective.SigningTime!.Value)] },
            };
        }
        output.Position = 0;
        output.SetLength(0);
        IncrementalHash? inputHash = null;
        var inputLength = 0L;
        PreparedPdfSignature prepared;
        PadesCms cms;
        byte[] sha256;
        try
        {
            prepared = await PrepareCoreAsync(input, output, effective, documentTimestamp: false, cancellationToken, (hash, length) => (inputHash, inputLength) = (hash, length)).ConfigureAwait(false);
            var builder = new PadesCmsBuilder(signer.Certificate, signer.Chain, signer.Scheme, effective.DigestAlgorithm);
            var signedAttributes = builder.CreateSignedAttributes(prepared.DocumentDigest);
            var signature = await signer.SignAsync(signedAttributes, effective.DigestAlgorithm, cancellationToken).ConfigureAwait(false);
            cms = await builder.BuildAsync(signedAttributes, signature, effective.TimestampAuthority, cancellationToken).ConfigureAwait(false);
            await EmbedAsync(output, prepared, cms.Encoded, cancellationToken).ConfigureAwait(false);
            sha256 = await FileSha256Async(output, inputHash, inputLength, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            inputHash?.Dispose();
        }
        return new PdfSigningResult(
            prepared.FieldName,
            cms.TimestampTime is null ? PadesLevel.BaselineB : PadesLevel.BaselineT,
            prepared.SigningTime,
            cms.TimestampTime,
            output.Length,
            sha256);
    }

    private static (PdfIncrementalUpdate Update, string FieldName, PdfReference Signature) BuildUpdate(
        PdfDocument document, PdfSignatureOptions options, int capacity, DateTimeOffset signingTime, bool documentTimestamp)
    {
        var revision = document.LastRevision;
        if (revision.Trailer["Root"] is not PdfReference catalogReference)
        {
            throw new PdfFormatException("The trailer's /Root is not an indirect reference.");
        }
        var catalog = new PdfDictionary(document.GetCatalog());
        if (DocMdp.Find(document)?.Permission == 1)
        {
            throw new InvalidOperationException("The document is certified with no changes allowed (DocMDP P=1); it cannot be signed again.");
        }
        if (options.Certification is not null && (documentTimestamp || document.GetSignatureFields().Any(f => f.Signature is not null)))
        {
            // §12.8.2.2.1: the certification signature is the first signed field of the document.
            throw new InvalidOperationException("Only the first signature of a document can certify it; this document is already signed.");
        }
        var pages = document.GetPageReferences();
        if (pages.Count == 0)
        {
            throw new PdfFormatException("The document has no pages to attach a signature field to.");
        }
        if (options.Page < 0 || options.Page > pages.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"Page {options.Page} does not exist; the document has {pages.Count} page(s).");
        }
        var existingFields = document.GetSignatureFields();
        var existingNames = existingFields.Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
        var prefix = documentTimestamp ? "DocumentTimestamp" : "Signature";
        var fieldName = options.FieldName ?? Enumerable.Range(1, existingNames.Count + 1).Select(i => $"{prefix}{i}").First(n => !existingNames.Contains(n));
        var emptyField = existingFields.FirstOrDefault(f => f.FullName == fieldName);
        if (emptyField?.Signature is not null)
        {
            var empty = existingFields.Where(f => f.Signature is null).Select(f => $"'{f.FullName}'").ToList();
            throw new ArgumentException($"The signature field '{fieldName}' is already signed; sign into an empty field ({(empty.Count == 0 ? "the document has none" : string.Join(", ", empty))}) or give a new field name.", nameof(options));
        }

        var update = new PdfIncrementalUpdate(document);
        var signature = SignatureDictionary(options, capacity, signingTime, documentTimestamp);
        var signatureReference = update.Add(signature);
        var catalogChanged = false;
        if (signature.ContainsKey("Reference"))
        {
            var perms = new PdfDictionary(document.ResolveDictionary(catalog["Perms"]) ?? new PdfDictionary());
            perms["DocMDP"] = signatureReference;
            catalog["Perms"] = perms;
            catalogChanged = true;
        }
        var appearanceLines = options.Appearance is { } requested && !documentTimestamp
            ? (requested.Lines.Count > 0 ? requested.Lines : [options.SignerName ?? "Digitally signed", FormatIso8601(signingTime)])
            : null;
        PdfReference? newField = null;
        if (emptyField is not null)
        {
            FillEmptyField(document, update, emptyField, signatureReference, appearanceLines is null ? null : (options.Appearance!, appearanceLines));
        }
        else
        {
            var pageReference = pages[options.Page == 0 ? pages.Count - 1 : options.Page - 1];
            newField = AddField(document, update, pageReference, fieldName, signatureReference, appearanceLines is null ? null : (options.Appearance!, appearanceLines));
        }

        var acroFormValue = catalog["AcroForm"];
        var acroForm = new PdfDictionary(document.ResolveDictionary(acroFormValue) ?? new PdfDictionary());
        var acroFormChanged = false;
        if (newField is not null)
        {
            var fields = new PdfArray((document.Resolve(acroForm["Fields"]) as PdfArray)?.Items ?? []);
            fields.Items.Add(newField);
            if (acroForm["Fields"] is PdfReference fieldsReference)
            {
                update.Replace(fieldsReference, fields);
            }
            else
            {
                acroForm["Fields"] = fields;
                acroFormChanged = true;
            }
        }
        if ((acroForm["SigFlags"] as PdfInteger)?.Value != 3)
        {
            acroForm["SigFlags"] = new PdfInteger(3); // SignaturesExist | AppendOnly (§12.7.2)
            acroFormChanged = true;
        }
        if (acroFormChanged)
        {
            if (acroFormValue is PdfReference acroFormReference)
            {
                update.Replace(acroFormReference, acroForm);
            }
            else
            {
                catalog["AcroForm"] = update.Add(acroForm);
                catalogChanged = true;
            }
        }
        if (catalogChanged)
        {
            update.Replace(catalogReference, catalog);
        }
        return (update, fieldName, signatureReference);
    }

    private static PdfDictionary SignatureDictionary(PdfSignatureOptions options, int capacity, DateTimeOffset signingTime, bool documentTimestamp)
    {
        var signature = new PdfDictionary
        {
            ["Type"] = new PdfName(documentTimestamp ? "DocTimeStamp" : "Sig"),
            ["Filter"] = new PdfName("Adobe.PPKLite"),
            // ETSI EN 319 142-1 §5.4: a document time-stamp is an RFC 3161 token over the byte ranges.
            ["SubFilter"] = new PdfName(documentTimestamp ? "ETSI.RFC3161" : "ETSI.CAdES.detached"),
            ["ByteRange"] = new PdfRaw(Encoding.ASCII.GetBytes(ByteRangePlaceholder)),
            ["Contents"] = new PdfRaw(Encoding.ASCII.GetBytes("<" + new string('0', 2 * capacity) + ">")),
        };
        if (!documentTimestamp)
        {
            signature["M"] = new PdfString(Encoding.ASCII.GetBytes(PdfDate.Format(signingTime)));
            AddText(signature, "Name", options.SignerName);
            AddText(signature, "Reason", options.Reason);
            AddText(signature, "Location", options.Location);
            AddText(signature, "ContactInfo", options.ContactInfo);
        }
        if (options.Certification is { } level && !documentTimestamp)
        {
            if (!Enum.IsDefined(level))
            {
                throw new ArgumentOutOfRangeException(nameof(options), level, "The certification level is DocMDP P=1, 2 or 3.");
            }
            // §12.8.2.2: a DocMDP signature reference, and the catalog's /Perms naming this signature.
            signature["Reference"] = new PdfArray([new PdfDictionary
            {
                ["Type"] = new PdfName("SigRef"),
                ["TransformMethod"] = new PdfName("DocMDP"),
                ["TransformParams"] = new PdfDictionary
                {
                    ["Type"] = new PdfName("TransformParams"),
                    ["P"] = new PdfInteger((int)level),
                    ["V"] = new PdfName("1.2"),
                },
            }]);
        }
        return signature;
    }

    /// <summary>A new signature field with its widget on the page (one merged dictionary, §12.7.3.1).</summary>
    private static PdfReference AddField(PdfDocument document, PdfIncrementalUpdate update, PdfReference pageReference, string fieldName, PdfReference signatureReference,
        (PdfSignatureAppearance Box, IReadOnlyList<string> Lines)? appearance)
    {
        var widget = new PdfDictionary
        {
            ["Type"] = new PdfName("Annot"),
            ["Subtype"] = new PdfName("Widget"),
            ["FT"] = new PdfName("Sig"),
            ["T"] = new PdfString(PdfText.Encode(fieldName)),
            ["V"] = signatureReference,
            ["F"] = new PdfInteger(132), // Print + Locked (§12.5.3)
            ["Rect"] = new PdfArray([new PdfInteger(0), new PdfInteger(0), new PdfInteger(0), new PdfInteger(0)]),
            ["P"] = pageReference,
        };
        if (appearance is var (box, lines))
        {
            widget["Rect"] = new PdfArray([new PdfReal(box.X), new PdfReal(box.Y), new PdfReal(box.X + box.Width), new PdfReal(box.Y + box.Height)]);
            widget["AP"] = new PdfDictionary { ["N"] = AppearanceWriter.Write(update, box, lines) };
        }
        var widgetReference = update.Add(widget);

        var page = new PdfDictionary(document.ResolveDictionary(pageReference) ?? throw new PdfFormatException($"Page object {pageReference} is missing."));
        var annotations = new PdfArray((document.Resolve(page["Annots"]) as PdfArray)?.Items ?? []);
        annotations.Items.Add(widgetReference);
        if (page["Annots"] is PdfReference annotationsReference)
        {
            update.Replace(annotationsReference, annotations);
        }
        else
        {
            page["Annots"] = annotations;
            update.Replace(pageReference, page);
        }
        return widgetReference;
    }

    /// <summary>
    /// Signs an existing empty signature field: only its /V is set (and, for a visible signature, its widget's /AP,
    /// drawn in the widget's own rectangle when it has one); the page and the form's field list stay as they are.
    /// </summary>
    private static void FillEmptyField(PdfDocument document, PdfIncrementalUpdate update, PdfSignatureField empty, PdfReference signatureReference,
        (PdfSignatureAppearance Box, IReadOnlyList<string> Lines)? appearance)
    {
        if (empty.FieldReference is null)
        {
            throw new PdfFormatException($"The signature field '{empty.FullName}' is not an indirect object, so it cannot be signed in an incremental update.");
        }
        var field = new PdfDictionary(empty.Field) { ["V"] = signatureReference };
        update.Replace(empty.FieldReference, field);
        // The widget is the field itself (merged) or its first kid (§12.7.3.1).
        var (widgetReference, widget) = field.GetName("Subtype") == "Widget" || field["Kids"] is null
            ? (empty.FieldReference, field)
            : (document.Resolve(field["Kids"]) as PdfArray)?.Items.FirstOrDefault() is PdfReference kid && document.ResolveDictionary(kid) is { } kidWidget
                ? (kid, new PdfDictionary(kidWidget))
                : (empty.FieldReference, field);
        if (!ReferenceEquals(widget, field))
        {
            // /V is inheritable (§12.7.3.1, Table 220), so the kid may repeat it; poppler (pdfsig) reads a separate
            // widget's signature only from the widget itself.
            widget["V"] = signatureReference;
            update.Replace(widgetReference, widget);
        }
        if (appearance is not var (box, lines))
        {
            return;
        }
        if (document.Resolve(widget["Rect"]) is PdfArray { Count: 4 } rect && rect.Items.Select(PdfSignatureFields.Number).ToArray() is [var x1, var y1, var x2, var y2]
            && Math.Abs(x2 - x1) > 0 && Math.Abs(y2 - y1) > 0)
        {
            box = box with { X = Math.Min(x1, x2), Y = Math.Min(y1, y2), Width = Math.Abs(x2 - x1), Height = Math.Abs(y2 - y1) };
        }
        else
        {
            widget["Rect"] = new PdfArray([new PdfReal(box.X), new PdfReal(box.Y), new PdfReal(box.X + box.Width), new PdfReal(box.Y + box.Height)]);
        }
        widget["AP"] = new PdfDictionary { ["N"] = AppearanceWriter.Write(update, box, lines) };
        update.Replace(widgetReference, widget);
    }

    /// <summary>ISO 8601 with the offset the caller chose, e.g. 2025-03-14T09:30:00+07:00.</summary>
    public static string FormatIso8601(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static void AddText(PdfDictionary dictionary, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            dictionary[key] = new PdfString(PdfText.Encode(value));
        }
    }

    /// <summary>The signed file's SHA-256, continuing <paramref name="inputHash"/> (over its first <paramref name="inputLength"/> bytes) when there is one.</summary>
    private static async Task<byte[]> FileSha256Async(Stream output, IncrementalHash? inputHash, long inputLength, CancellationToken cancellationToken)
    {
        if (inputHash is null)
        {
            output.Position = 0;
            return await SHA256.HashDataAsync(output, cancellationToken).ConfigureAwait(false);
        }
        output.Position = inputLength;
        var buffer = new byte[81920];
        int read;
        while ((read = await output.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            inputHash.AppendData(buffer, 0, read);
        }
        return inputHash.GetHashAndReset();
    }

    private static async Task CopyAndHashAsync(Stream input, Stream output, long length, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        var remaining = length;
        while (remaining > 0)
        {
            var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("The input PDF ended before its recorded length.");
            }
            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            remaining -= read;
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle, long from)
    {
        var index = haystack.AsSpan((int)from).IndexOf(needle);
        if (index < 0)
        {
            throw new InvalidOperationException("Internal error: signature placeholder not found in the update.");
        }
        return (int)from + index;
    }
}
