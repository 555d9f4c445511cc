using KhoGen;

namespace Broken;

// Version 2 was deleted instead of retired.
[KhoFormat("window", 1)]
public partial record WindowV1(int Width);

[KhoFormat("window", 3)] // expect: KHO009
public partial record WindowV3(int Width, int Height);
