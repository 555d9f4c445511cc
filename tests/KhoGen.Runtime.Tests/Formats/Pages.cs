using KhoGen;

namespace KhoGen.Runtime.Tests.Formats;

// Region elements: plain layouts (integers only), so their memory is their wire form.

[KhoFormat("page", 1)]
public partial record struct PageV1(ulong Key, ulong Stamp);

[KhoFormat("page", 2)]
public partial record struct PageV2(ulong Key, ulong Stamp, ulong Hits)
{
    [KhoUpgrade] public static PageV2 From(PageV1 v1) => new(v1.Key, v1.Stamp, 0);
    [KhoDowngrade] public static PageV1 To(PageV2 v2) => new(v2.Key, v2.Stamp);
}
