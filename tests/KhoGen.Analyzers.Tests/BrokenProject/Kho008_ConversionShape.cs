using KhoGen;

namespace Broken;

[KhoFormat("lease", 1)]
public partial record LeaseV1(long Expires);

public static class LeaseText
{
    // An upgrade returns the next version of the same format, not a string.
    [KhoUpgrade]
    public static string Describe(LeaseV1 lease) => lease.Expires.ToString(); // expect: KHO008
}
