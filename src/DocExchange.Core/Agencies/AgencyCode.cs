using System.Diagnostics.CodeAnalysis;

namespace DocExchange.Core.Agencies;

/// <summary>
/// An agency identifier code (mã định danh) in the QCVN 102:2016 notation <c>DDD.CC.BB.Xnn</c>:
/// 13 characters, lowest level on the left. Level 1 is <c>Xnn</c> (a capital letter and two digits),
/// level 2 is <c>BB</c>, level 3 <c>CC</c>, level 4 <c>DDD</c>; zeros mean "no sub-level" (QCVN 102:2016; docs/STANDARDS.md).
/// </summary>
/// <remarks>
/// Because zeros mean "no sub-level", a level can only be set when every level above it is set:
/// <c>001.00.00.G12</c> (a level-4 unit without its level-3 and level-2 units) is refused.
/// This keeps <see cref="Parent"/> (lowest non-zero level zeroed) a walk up one level at a time.
/// </remarks>
public readonly struct AgencyCode : IEquatable<AgencyCode>, IComparable<AgencyCode>
{
    public const int Length = 13;
    public const string ExpectedForm = "DDD.CC.BB.Xnn such as 000.00.18.G12";

    private readonly string? _value;

    private AgencyCode(string value) => _value = value;

    /// <summary>The canonical 13-character form, or an empty string for <c>default</c>.</summary>
    public string Value => _value ?? string.Empty;

    public bool IsEmpty => _value is null;

    /// <summary>1 for a top-level agency (<c>000.00.00.G12</c>) up to 4 (<c>001.05.18.G12</c>).</summary>
    public int Level
    {
        get
        {
            var value = Value;
            if (value.Length != Length) return 0;
            if (value[0..3] != "000") return 4;
            if (value[4..6] != "00") return 3;
            if (value[7..9] != "00") return 2;
            return 1;
        }
    }

    /// <summary>The parent agency: this code with its lowest non-zero level zeroed. None for level 1.</summary>
    public AgencyCode? Parent => Level switch
    {
        4 => new AgencyCode("000" + Value[3..]),
        3 => new AgencyCode("000.00" + Value[6..]),
        2 => new AgencyCode("000.00.00" + Value[9..]),
        _ => null,
    };

    /// <summary>True when <paramref name="ancestor"/> is a strict ancestor (parent, grandparent, …) of this code.</summary>
    public bool IsDescendantOf(AgencyCode ancestor)
    {
        for (var current = Parent; current is { } code; current = code.Parent)
        {
            if (code == ancestor) return true;
        }
        return false;
    }

    public static AgencyCode Parse(string? value) =>
        TryParse(value, out var code, out var error) ? code : throw new FormatException(error);

    public static bool TryParse(string? value, out AgencyCode code) => TryParse(value, out code, out _);

    public static bool TryParse(string? value, out AgencyCode code, [NotNullWhen(false)] out string? error)
    {
        code = default;
        error = Validate(value);
        if (error is not null) return false;
        code = new AgencyCode(value!);
        return true;
    }

    private static string? Validate(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return $"agency code is empty: expected {ExpectedForm}";
        }
        if (value.Length != Length
            || !AllDigits(value, 0, 3) || value[3] != '.'
            || !AllDigits(value, 4, 2) || value[6] != '.'
            || !AllDigits(value, 7, 2) || value[9] != '.'
            || value[10] is < 'A' or > 'Z' || !AllDigits(value, 11, 2))
        {
            return $"agency code '{value}' is malformed: expected {ExpectedForm}";
        }
        var level4 = value[0..3] != "000";
        var level3 = value[4..6] != "00";
        var level2 = value[7..9] != "00";
        if ((level4 && !level3) || (level3 && !level2))
        {
            return $"agency code '{value}' is malformed: a sub-level is set under a zero level " +
                   $"(zeros mean no sub-level, so every level above a set one must be set too); expected {ExpectedForm}";
        }
        return null;
    }

    private static bool AllDigits(string value, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(value[i])) return false;
        }
        return true;
    }

    public bool Equals(AgencyCode other) => string.Equals(Value, other.Value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is AgencyCode other && Equals(other);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Value);

    public int CompareTo(AgencyCode other) => string.CompareOrdinal(Value, other.Value);

    public override string ToString() => Value;

    public static bool operator ==(AgencyCode left, AgencyCode right) => left.Equals(right);

    public static bool operator !=(AgencyCode left, AgencyCode right) => !left.Equals(right);
}
