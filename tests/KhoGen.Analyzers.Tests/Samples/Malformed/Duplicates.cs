using KhoGen;

// Two declarations of one name that C# rejects: the generator must still not throw.

[KhoData]
public partial record Twin(int A);

[KhoData]
public partial struct Twin
{
    public int B;
}

namespace Inner
{
    [KhoFormat("dup", 1)]
    public partial record DupV1(int A);

    [KhoFormat("dup", 1)]
    public partial class DupV1
    {
        public int B { get; set; }
    }
}
