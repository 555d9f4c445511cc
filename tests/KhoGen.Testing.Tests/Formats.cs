using KhoGen;

namespace KhoGen.Testing.Tests;

// counter: v2 widens the value; the pair keeps every v1 value.
[KhoFormat("counter", 1)]
public partial record CounterV1(int Value, string Name);

[KhoFormat("counter", 2)]
public partial record CounterV2(long Value, string Name, bool Enabled)
{
    [KhoUpgrade] public static CounterV2 From(CounterV1 v1) => new(v1.Value, v1.Name, true);
    [KhoDowngrade] public static CounterV1 To(CounterV2 v2) => new(checked((int)v2.Value), v2.Name);
}

// gauge: the upgrade rounds to whole hundreds and is not marked: the law must catch it.
[KhoFormat("gauge", 1)]
public partial record GaugeV1(int Reading);

[KhoFormat("gauge", 2)]
public partial record GaugeV2(int Hundreds)
{
    [KhoUpgrade] public static GaugeV2 From(GaugeV1 v1) => new(v1.Reading / 100);
    [KhoDowngrade] public static GaugeV1 To(GaugeV2 v2) => new(unchecked(v2.Hundreds * 100));
}

// rounded: the same loss, marked Lossy: the law skips the comparison for v1.
[KhoFormat("rounded", 1)]
public partial record RoundedV1(int Reading);

[KhoFormat("rounded", 2)]
public partial record RoundedV2(int Hundreds)
{
    // Lossy: readings are kept to the hundred; what is below is noise for this service.
    [KhoUpgrade(Lossy = true)] public static RoundedV2 From(RoundedV1 v1) => new(v1.Reading / 100);
    [KhoDowngrade] public static RoundedV1 To(RoundedV2 v2) => new(unchecked(v2.Hundreds * 100));
}

// ratio: the upgrade throws for a value the old build could hold (zero).
[KhoFormat("ratio", 1)]
public partial record RatioV1(byte Denominator);

[KhoFormat("ratio", 2)]
public partial record RatioV2(double Inverse)
{
    [KhoUpgrade] public static RatioV2 From(RatioV1 v1) => new(1.0 / (v1.Denominator == 0 ? throw new System.DivideByZeroException("no zero denominator") : v1.Denominator));
    [KhoDowngrade] public static RatioV1 To(RatioV2 v2) => new((byte)System.Math.Round(1.0 / v2.Inverse));
}
