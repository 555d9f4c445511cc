using KhoGen;

namespace Broken;

// Version 2 can write version 1 but cannot read it.
[KhoFormat("cursor", 1)]
public partial record CursorV1(long Offset);

[KhoFormat("cursor", 2)]
public partial record CursorV2(long Offset, int Page) // expect: KHO007
{
    [KhoDowngrade] public static CursorV1 To(CursorV2 v2) => new(v2.Offset);
}
