namespace DocExchange.Signing.Appearance;

/// <summary>
/// A visible signature: a rectangle on the page showing text lines (by default the signer's organisation and
/// the signing time in ISO 8601, as Nghị định 30/2020 Appendix I asks of the agency signature).
/// Coordinates are PDF user-space units from the page's bottom-left corner.
/// </summary>
public sealed record PdfSignatureAppearance(double X, double Y, double Width, double Height)
{
    /// <summary>Lines to show; when empty, the signer's organisation (or name) and the signing time.</summary>
    public IReadOnlyList<string> Lines { get; init; } = [];

    /// <summary>A TrueType font covering the text (Vietnamese needs one); DejaVu Sans when null.</summary>
    public string? FontPath { get; init; }

    /// <summary>Border and text colour as RGB components 0-1; seal red by default.</summary>
    public (double R, double G, double B) Color { get; init; } = (0.80, 0.0, 0.0);

    /// <summary>Where DejaVu Sans is looked for (Debian package fonts-dejavu-core).</summary>
    public static IReadOnlyList<string> DefaultFontPaths { get; } =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
        "/usr/local/share/fonts/DejaVuSans.ttf",
        "C:\\Windows\\Fonts\\DejaVuSans.ttf",
    ];

    internal string ResolveFontPath()
    {
        if (FontPath is not null)
        {
            return File.Exists(FontPath) ? FontPath : throw new FileNotFoundException($"The appearance font '{FontPath}' does not exist.", FontPath);
        }
        return DefaultFontPaths.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException("No font for the visible signature: install DejaVu Sans (apt-get install fonts-dejavu-core) or set PdfSignatureAppearance.FontPath.");
    }
}
