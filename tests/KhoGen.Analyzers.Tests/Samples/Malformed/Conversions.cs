using KhoGen;

[KhoFormat("conv", 1)]
public partial record ConvV1(int A);

[KhoFormat("conv", 2)]
public partial record ConvV2(int A, int B)
{
    [KhoUpgrade] public static ConvV2 From(Unknown v) => new(0, 0);
    [KhoUpgrade] public static Missing From2(ConvV1 v) => null!;
    [KhoUpgrade] public static ConvV2 From3(ConvV1 v) => throw null!;
    [KhoUpgrade] public static ConvV2 From4(ConvV1 v) => throw null!;
    [KhoDowngrade, KhoUpgrade] public static ConvV1 Both(ConvV2 v) => new(v.A);
    [KhoUpgrade] public static ConvV2 Params(params ConvV1[] v) => new(0, 0);
    [KhoUpgrade] public static ConvV2 Out(out ConvV1 v) { v = null!; return new(0, 0); }
    [KhoUpgrade] public static ConvV2 Optional(ConvV1 v = null!) => new(v.A, 0);
    [KhoUpgrade] public static ConvV2? Nullable(ConvV1? v) => null;
    [KhoUpgrade] public ConvV2 Instance(ConvV1 v) => this;
    [KhoUpgrade] public static extern ConvV2 Extern(ConvV1 v);
    [KhoUpgrade] public static ConvV2 operator +(ConvV1 v, ConvV2 w) => w;
    public int Prop { [KhoUpgrade] get; set; }
}

public static class Generic<T>
{
    [KhoUpgrade] public static ConvV2 Up(ConvV1 v) => new(v.A, 0);
}

public interface IConversions
{
    [KhoDowngrade] static ConvV1 Down(ConvV2 v) => new(v.A);
    [KhoDowngrade] ConvV1 Abstract(ConvV2 v);
}

public static class Local
{
    public static void M()
    {
        [KhoUpgrade] static ConvV2 Inner(ConvV1 v) => new(v.A, 0);
    }
}
