using KhoGen;

namespace Broken;

// The reader has no constructor to call: 'label' is not a layout member.
[KhoFormat("handle", 1)]
public partial class HandleV1 // expect: KHO012
{
    public HandleV1(int id, string label)
    {
        Id = id;
        Label = label;
    }

    public int Id { get; set; }
    public string Name => Label;

    string Label;
}
