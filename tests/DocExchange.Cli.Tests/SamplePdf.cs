namespace DocExchange.Cli.Tests;

/// <summary>A small, well-formed one-page PDF (classic xref table) showing a line of text.</summary>
internal static class SamplePdf
{
    public static byte[] Create(string text) => Testing.Pdfs.SamplePdf.Create(text);

    public static string Write(TempDirectory directory, string name, string text)
    {
        string path = directory.File(name);
        File.WriteAllBytes(path, Create(text));
        return path;
    }
}
