using KhoGen;

namespace Broken;

// Versions start at 1.
[KhoFormat("zero-version", 0)] // expect: KHO003
public partial record ZeroVersion(int Id);
