using System.Collections.Generic;
using KhoGen;

namespace Broken;

// HashSet<T> is not one of the supported collections.
[KhoFormat("tags", 1)]
public partial class TagsV1
{
    public int Count { get; set; }
    public HashSet<string> Tags { get; set; } = new(); // expect: KHO005
}
