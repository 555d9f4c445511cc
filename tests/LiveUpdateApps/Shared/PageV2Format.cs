using KhoGen;

namespace RegionService;

/// <summary>Release 2 adds a hit counter: another element layout, so a v1 region is converted.</summary>
[KhoFormat("page", 2)]
public partial record struct PageV2(ulong Key, ulong Stamp, ulong Hits)
{
    [KhoUpgrade] public static PageV2 From(PageV1 v1) => new(v1.Key, v1.Stamp, 0);
    [KhoDowngrade] public static PageV1 To(PageV2 v2) => new(v2.Key, v2.Stamp);
}
