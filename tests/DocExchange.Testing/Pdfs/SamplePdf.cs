using System.Text;

namespace DocExchange.Testing.Pdfs;

/// <summary>Writes a small, well-formed one-page PDF (classic xref table) showing a line of text.</summary>
public static class SamplePdf
{
    /// <param name="paddingBytes">Size of a comment line added after the header, to make a larger file.</param>
    public static byte[] Create(string text, int paddingBytes = 0) => Write(text, paddingBytes, emptySignatureField: null);

    /// <summary>The same page with an empty signature field (a box prepared for a signer) at 320,50 sized 200x60.</summary>
    public static byte[] CreateWithEmptySignatureField(string text, string fieldName) => Write(text, 0, fieldName);

    private static byte[] Write(string text, int paddingBytes, string? emptySignatureField)
    {
        var content = $"BT /F1 18 Tf 72 720 Td ({text}) Tj ET";
        var withField = emptySignatureField is not null;
        string[] objects =
        [
            withField ? "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >> >>" : "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >>{(withField ? " /Annots [6 0 R]" : "")} >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            .. withField ? [$"<< /Type /Annot /Subtype /Widget /FT /Sig /T ({emptySignatureField}) /F 4 /Rect [320 50 520 110] /P 3 0 R >>"] : Array.Empty<string>(),
        ];
        var pdf = new StringBuilder("%PDF-1.7\n");
        if (paddingBytes > 0)
        {
            pdf.Append('%').Append('x', paddingBytes).Append('\n');
        }

        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
