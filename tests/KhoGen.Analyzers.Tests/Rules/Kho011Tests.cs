using System.Threading.Tasks;

namespace KhoGen.Analyzers.Tests.Rules;

public class Kho011Tests
{
    [Fact]
    public Task Reports_a_data_type_that_contains_itself_through_a_collection() => Verify.AnalyzerAsync("""
        using System.Collections.Generic;
        using KhoGen;

        [KhoData]
        public partial class Node
        {
            public string Name { get; set; } = "";
            public List<Node> {|#0:Children|} { get; set; } = new();
        }
        """,
        Verify.Diagnostic("KHO011").WithLocation(0).WithMessage(
            "Data type 'Node' contains itself (Node.Children -> Node), so its depth is unbounded: break the cycle, for example with a flat list of items that refer to each other by index"));

    [Fact]
    public Task Reports_every_type_of_a_cycle_through_nullable_wrappers_and_maps() => Verify.AnalyzerAsync("""
        using System.Collections.Generic;
        using KhoGen;

        [KhoData]
        public partial record Folder(string Name, Dictionary<string, File?> {|#0:Files|});

        [KhoData]
        public partial record File(string Name, long Size, Folder? {|#1:Parent|});

        [KhoFormat("tree", 1)]
        public partial record TreeV1(Folder Root);
        """,
        Verify.Diagnostic("KHO011").WithLocation(0).WithArguments("Folder", "Folder.Files -> File.Parent -> Folder"),
        Verify.Diagnostic("KHO011").WithLocation(1).WithArguments("File", "File.Parent -> Folder.Files -> File"));

    [Fact]
    public Task Reports_a_struct_reached_through_a_sparse_array() => Verify.AnalyzerAsync("""
        using KhoGen;

        [KhoData]
        public partial struct Page
        {
            public ulong Pfn;
            public KhoArray<Page> {|#0:Children|};
        }
        """,
        Verify.Diagnostic("KHO011").WithLocation(0).WithArguments("Page", "Page.Children -> Page"));

    [Fact]
    public Task Is_silent_on_shared_but_acyclic_data_types() => Verify.AnalyzerAsync("""
        using System.Collections.Generic;
        using KhoGen;

        [KhoData]
        public partial record struct Range(ulong Start, ulong Length);

        [KhoData]
        public partial record Extent(Range Logical, Range Physical);

        [KhoData]
        public partial record Inode(ulong Number, List<Extent> Extents, Range? Hole);

        [KhoFormat("fs", 1)]
        public partial record FsV1(Dictionary<ulong, Inode> Inodes, Extent[] Free);
        """);
}
