using KhoGen;

namespace Broken;

// The generator cannot add the serializer to a type that is not partial.
[KhoFormat("not-partial", 1)]
public record NotPartialV1(int Id, string Name); // expect: KHO001
