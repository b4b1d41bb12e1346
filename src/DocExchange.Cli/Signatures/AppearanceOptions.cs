using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using DocExchange.Client;

namespace DocExchange.Cli.Signatures;

/// <summary><c>--visible --page N --rect x,y,w,h</c>: where a visible signature is drawn, shared by <c>dx sign</c> and <c>dx seal</c>.</summary>
public sealed class AppearanceOptions
{
    /// <summary>The rectangle used when --visible is given without --rect: bottom right of an A4 page.</summary>
    public static readonly double[] DefaultRect = [340, 40, 220, 70];

    public Option<bool> Visible { get; } = new("--visible")
    {
        Description = "Draw the signature on the page (organisation and signing time), not only in the signature panel.",
        Arity = ArgumentArity.Zero,
    };

    public Option<int> Page { get; } = new("--page")
    {
        Description = "With --visible: the 1-based page to draw on; 0 (the default) is the last page.",
        HelpName = "N",
    };

    public Option<double[]?> Rect { get; } = new("--rect")
    {
        Description = "With --visible: the rectangle x,y,width,height in points (1/72 inch) from the bottom-left corner (default 340,40,220,70).",
        HelpName = "X,Y,W,H",
        CustomParser = ParseRect,
    };

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Add(Visible);
        command.Add(Page);
        command.Add(Rect);
        command.Validators.Add(result =>
        {
            bool visible = result.GetValue(Visible);
            if (!visible && (result.GetResult(Page) is not null || result.GetResult(Rect) is not null))
            {
                result.AddError("--page and --rect place a visible signature: add --visible.");
            }
            if (result.GetValue(Page) < 0)
            {
                result.AddError("--page: pages are numbered from 1 (0 means the last page).");
            }
        });
    }

    /// <summary>The visible signature asked for, or null for an invisible one.</summary>
    public VisibleSignature? Read(System.CommandLine.ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        if (!parseResult.GetValue(Visible))
        {
            return null;
        }
        double[] rect = parseResult.GetValue(Rect) is { Length: 4 } given ? given : DefaultRect;
        return new VisibleSignature(parseResult.GetValue(Page), rect[0], rect[1], rect[2], rect[3]);
    }

    private static double[]? ParseRect(ArgumentResult result)
    {
        string text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var values = new double[parts.Length];
        bool valid = parts.Length == 4 && parts.Select((p, i) => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok);
        if (!valid || values[0] < 0 || values[1] < 0 || values[2] <= 0 || values[3] <= 0)
        {
            result.AddError($"--rect: '{text}' is not x,y,width,height in points with x, y ≥ 0 and a positive width and height, e.g. 340,40,220,70.");
            return null;
        }
        return values;
    }
}
