using KhoGen;

namespace Broken;

// Version 2 reads version 1 but cannot write it: no rollback to builds that read only version 1.
[KhoFormat("quota", 1)]
public partial record QuotaV1(long Bytes);

[KhoFormat("quota", 2)]
public partial record QuotaV2(long Bytes, long Files) // expect: KHO010
{
    [KhoUpgrade] public static QuotaV2 From(QuotaV1 v1) => new(v1.Bytes, 0);
}
