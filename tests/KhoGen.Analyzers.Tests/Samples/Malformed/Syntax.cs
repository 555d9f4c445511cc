using KhoGen;

// Syntax errors: what a file looks like halfway through an edit.

[KhoFormat("broken", 1)
public partial record BrokenV1(int A, , string B

[KhoFormat("broken", 2)]
public partial record BrokenV2(int A string B)
{
    [KhoUpgrade] public static BrokenV2 From(BrokenV1 v1) => new(v1.A, v1.B;
    [KhoDowngrade public static BrokenV1 To(BrokenV2 v2) =>

[KhoData]
public partial class
{
    public int { get; set; }
    public List<> Items { get; set; }
    public Dictionary<string,> Map;
}

[KhoData]
partial record struct (int A);

[KhoFormat("", )]
partial class Partial
{
    public int A { get; set
