using KhoGen;

namespace Broken;

// The layout order is only defined inside one declaration.
[KhoFormat("split", 1)]
public partial class SplitV1
{
    public int First { get; set; }
}

public partial class SplitV1
{
    public int Second { get; set; } // expect: KHO006
}
