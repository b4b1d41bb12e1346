namespace DocExchange.Signing.Pdf;

/// <summary>A signature form field and, when signed, its signature dictionary.</summary>
public sealed record PdfSignatureField(
    string FullName,
    PdfReference? FieldReference,
    PdfDictionary Field,
    PdfReference? SignatureReference,
    PdfSignatureDictionary? Signature);
