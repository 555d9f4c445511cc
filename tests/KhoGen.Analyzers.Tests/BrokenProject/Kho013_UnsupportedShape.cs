using KhoGen;

namespace Broken;

public class EntryBase
{
    public int Id { get; set; }
}

// Inherited members would not be serialized.
[KhoData]
public partial class DerivedEntry : EntryBase // expect: KHO013
{
    public string Name { get; set; } = "";
}
