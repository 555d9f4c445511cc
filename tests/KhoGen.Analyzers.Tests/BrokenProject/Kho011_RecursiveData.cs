using System.Collections.Generic;
using KhoGen;

namespace Broken;

// A tree of unbounded depth.
[KhoData]
public partial class TreeNode
{
    public string Name { get; set; } = "";
    public List<TreeNode> Children { get; set; } = new(); // expect: KHO011
}
