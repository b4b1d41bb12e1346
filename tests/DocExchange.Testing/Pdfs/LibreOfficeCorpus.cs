using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;

namespace DocExchange.Testing.Pdfs;

/// <summary>
/// Real-world PDFs made by an independent producer: LibreOffice Writer (Debian package libreoffice-writer-nogui)
/// exports a two-page Vietnamese official letter, once as plain PDF and once as PDF/A-2b. LibreOffice takes
/// seconds to start, so each file is converted once and kept under the test output folder.
/// </summary>
public static class LibreOfficeCorpus
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Writer's default PDF export (PDF 1.6, long reals such as /MediaBox [0 0 595.303937007874 841.889763779528]).</summary>
    public static Task<byte[]> LetterAsync(CancellationToken cancellationToken = default) =>
        ConvertAsync("letter", "pdf", cancellationToken);

    /// <summary>The same letter exported as PDF/A-2b (XMP metadata, output intent, structure tree).</summary>
    public static Task<byte[]> LetterPdfA2bAsync(CancellationToken cancellationToken = default) =>
        ConvertAsync("letter-pdfa2b", """pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}""", cancellationToken);

    /// <summary>Every corpus file with its name.</summary>
    public static async Task<IReadOnlyList<(string Name, byte[] Pdf)>> AllAsync(CancellationToken cancellationToken = default) =>
        [("LibreOffice PDF 1.6", await LetterAsync(cancellationToken)), ("LibreOffice PDF/A-2b", await LetterPdfA2bAsync(cancellationToken))];

    private static async Task<byte[]> ConvertAsync(string name, string filter, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Letter + filter)))[..12];
        var cached = Path.Combine(AppContext.BaseDirectory, "libreoffice-corpus", $"{name}-{key}.pdf");
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (File.Exists(cached))
            {
                return await File.ReadAllBytesAsync(cached, cancellationToken);
            }
            using var work = new TempDirectory();
            var source = work.File($"{name}.fodt");
            await File.WriteAllTextAsync(source, Letter, cancellationToken);
            var soffice = Locate("soffice");
            var info = new ProcessStartInfo(soffice) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            // A profile of its own: a shared one is locked by any other running LibreOffice.
            foreach (var argument in new[] { $"-env:UserInstallation=file://{work.File("profile")}", "--headless", "--norestore", "--convert-to", filter, "--outdir", work.Path, source })
            {
                info.ArgumentList.Add(argument);
            }
            using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start LibreOffice.");
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var errors = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromMinutes(5));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            var produced = work.File($"{name}.pdf");
            if (process.ExitCode != 0 || !File.Exists(produced))
            {
                throw new InvalidOperationException($"LibreOffice did not convert {name}: exit {process.ExitCode}\n{await output}{await errors}");
            }
            Directory.CreateDirectory(Path.GetDirectoryName(cached)!);
            File.Copy(produced, cached + ".tmp", overwrite: true);
            File.Move(cached + ".tmp", cached, overwrite: true);
            return await File.ReadAllBytesAsync(cached, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string Locate(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"LibreOffice ({tool}) is not installed. Install it with: apt-get install -y --no-install-recommends libreoffice-writer-nogui (tests/setup/install-test-deps.sh does this).");

    // A flat OpenDocument text: an official letter in Vietnamese, long enough for two pages, set in DejaVu Sans.
    private static readonly string Letter = LetterTemplate.Replace("ARTICLES",
        string.Concat(Enumerable.Range(1, 60).Select(n => $"<text:p>Điều {n}. Các cơ quan, đơn vị có trách nhiệm thi hành quyết định này.</text:p>")), StringComparison.Ordinal);

    private const string LetterTemplate = """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
          xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
          xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
          xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
          xmlns:fo="urn:oasis:names:xsl-formatting-objects:xmlns:xsl-fo-compatible:1.0"
          office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">
          <office:font-face-decls><style:font-face style:name="DejaVu Sans" svg:font-family="'DejaVu Sans'"/></office:font-face-decls>
          <office:styles>
            <style:default-style style:family="paragraph"><style:text-properties style:font-name="DejaVu Sans" fo:font-size="12pt"/></style:default-style>
          </office:styles>
          <office:body><office:text>
            <text:p>ỦY BAN NHÂN DÂN TỈNH HÀ GIANG</text:p>
            <text:p>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM — Độc lập - Tự do - Hạnh phúc</text:p>
            <text:p>Số: 123/QĐ-UBND</text:p>
            <text:p>QUYẾT ĐỊNH về việc phê duyệt kế hoạch chuyển đổi số năm 2026.</text:p>
            ARTICLES
            <text:p>Nơi nhận: Như Điều 2; Lưu: VT.</text:p>
          </office:text></office:body>
        </office:document>
        """;
}
