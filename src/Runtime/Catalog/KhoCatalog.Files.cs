using System.IO;

namespace KhoGen;

sealed partial class KhoCatalog
{
    /// <summary>Reads and checks a catalog file (<c>*.kho.json</c>).</summary>
    /// <exception cref="KhoFormatException">The file is not a valid catalog.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static KhoCatalog Load(string path) => Parse(File.ReadAllText(path), path);
}
