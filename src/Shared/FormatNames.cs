using System.Globalization;

namespace KhoGen;

/// <summary>The rules for format names and ids (<c>memfd</c>, <c>memfd-v2</c>), in one place.</summary>
static class FormatNames
{
    /// <summary>The longest id, <c>-vN</c> suffix included.</summary>
    public const int MaxIdLength = 48;

    /// <summary>The id of a version: <c>{format}-v{version}</c>.</summary>
    public static string Id(string format, int version) => format + "-v" + version.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Null when <paramref name="name"/> is a valid format name for <paramref name="version"/>, else
    /// why not, in words for a diagnostic or an exception.
    /// </summary>
    public static string? Validate(string? name, int version)
    {
        if (name is null || name.Length == 0) return "a format name cannot be empty";
        if (!IsLowerAlnum(name[0]) || char.IsDigit(name[0])) return "a format name starts with a lowercase letter a-z";
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (c == '-')
            {
                if (i == name.Length - 1 || name[i + 1] == '-') return "a '-' in a format name must be followed by a letter or digit";
            }
            else if (!IsLowerAlnum(c)) return $"'{c}' is not allowed in a format name: use a-z, 0-9 and single '-'";
        }
        if (EndsWithVersionSuffix(name)) return "a format name must not itself end in -v<digits>: the version is added to it";
        int idLength = Id(name, version < 1 ? 1 : version).Length;
        if (idLength > MaxIdLength) return $"the id is {idLength} characters long; the limit is {MaxIdLength}";
        return null;
    }

    /// <summary>Splits <c>memfd-v2</c> into <c>memfd</c> and 2.</summary>
    public static bool TryParseId(string id, out string name, out int version)
    {
        name = "";
        version = 0;
        int dash = id.LastIndexOf("-v", System.StringComparison.Ordinal);
        if (dash <= 0) return false;
        string digits = id.Substring(dash + 2);
        if (digits.Length == 0 || digits[0] == '0' || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out version))
            return false;
        name = id.Substring(0, dash);
        return Validate(name, version) is null;
    }

    static bool IsLowerAlnum(char c) => (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');

    static bool EndsWithVersionSuffix(string name)
    {
        int i = name.Length;
        while (i > 0 && char.IsDigit(name[i - 1])) i--;
        return i < name.Length && i >= 2 && name[i - 1] == 'v' && name[i - 2] == '-';
    }
}
