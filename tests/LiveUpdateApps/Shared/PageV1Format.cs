using KhoGen;

namespace RegionService;

/// <summary>A cached page's descriptor: plain layout (integers only), so it can live in a region.</summary>
[KhoFormat("page", 1)]
public partial record struct PageV1(ulong Key, ulong Stamp);
