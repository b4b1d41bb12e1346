using DocExchange.Protocol.V1;

namespace DocExchange.Client;

/// <summary>
/// Where a visible signature is drawn: a rectangle in PDF user-space units (1/72 inch) from the bottom-left corner
/// of <paramref name="Page"/> (1-based; 0 for the last page).
/// </summary>
public sealed record VisibleSignature(int Page, double X, double Y, double Width, double Height)
{
    internal SignatureAppearance ToProto()
    {
        if (Page < 0)
        {
            throw new ArgumentException($"A visible signature's page is 1-based (0 for the last page), not {Page}.");
        }

        if (Width <= 0 || Height <= 0 || X < 0 || Y < 0)
        {
            throw new ArgumentException($"A visible signature needs x, y ≥ 0 and a positive width and height, not {X},{Y},{Width},{Height}.");
        }

        return new SignatureAppearance { Visible = true, Page = Page, X = X, Y = Y, Width = Width, Height = Height };
    }
}
