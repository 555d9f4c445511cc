using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using KhoGen.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using static KhoGen.Analyzers.Tests.Baselines.MemfdRelease;

namespace KhoGen.Analyzers.Tests.Fixes;

/// <summary>
/// KHO101's fix: version n is rebuilt exactly as the baseline records it and the edit moves to
/// version n+1 with an upgrade stub. Beyond the text, each case checks what the fix is for: the
/// result builds with the generator, has no KHO101, and version n's fingerprint is the baseline's.
/// </summary>
public class SplitVersionFixTests
{
    sealed class FixTest : CSharpCodeFixTest<BaselineAnalyzer, SplitVersionFix, DefaultVerifier>
    {
        public FixTest(string file, string json)
        {
            Tests.Verify.Configure(this, TestState);
            FixedState.AdditionalReferences.AddRange(Tests.Verify.References);
            TestState.AdditionalFiles.Add((Shipped.Folder + file, json));
        }

        protected override CompilationOptions CreateCompilationOptions() => Tests.Verify.Options(base.CreateCompilationOptions());
    }

    static async Task SplitAsync(string file, string json, string source, DiagnosticResult kho101, string fixedSource, params DiagnosticResult[] remaining)
    {
        var test = new FixTest(file, json) { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.Add(kho101);
        test.FixedState.ExpectedDiagnostics.AddRange(remaining);
        await test.RunAsync();

        // What the fix is for, checked on the real pipeline: generator, compiler, both analyzers, the catalog.
        string code = Regex.Replace(fixedSource, @"\{\|#\d+:|\|\}", "");
        Compilation built = Shipped.Build(code, "Cache");
        var diagnostics = await Shipped.AnalyzeAsync(built, (file, json));
        Assert.DoesNotContain(diagnostics, d => d.Id == "KHO101" || d.Severity == DiagnosticSeverity.Error);
        var baseline = KhoCatalog.Parse(json);
        var now = KhoCatalog.Parse(Shipped.Catalog(code, "Cache"));
        string id = kho101.MessageArguments![0]!.ToString()!;
        Assert.Equal(baseline.FindVersion(id)!.Fingerprint, now.FindVersion(id)!.Fingerprint);
    }

    [Fact]
    public Task Rebuilds_version_1_with_a_copy_of_the_changed_data_type_and_moves_the_edit_to_version_2() => SplitAsync(FileName, ShippedJson,
        Source(MemfdLayout + ", uint Flags", folio: FolioLayout + ", ulong Index") + """


            public sealed class Service
            {
                public MemfdV1? State { get; set; }
            }
            """,
        Shipped.Diagnostic("KHO101").WithLocation(0).WithArguments("memfd-v1", Release,
            "member 'Folios': nested data 'Folio': member 'Index' (u64) added at position 3; member 'Flags' (u32) added at position 7", "memfd-v2"),
        """
        using System;
        using System.Collections.Generic;
        using KhoGen;

        namespace Cache;

        [KhoFormat("memfd", 2)]
        public partial record {|#0:MemfdV2|}(ulong Pos, ulong Size, KhoArray<Folio> Folios, Dictionary<string, int> Tags, int Count, string[] Names, uint Flags)
        {
            [KhoUpgrade]
            public static MemfdV2 From(MemfdV1 v1)
            {
        #warning KhoGen: memfd-v2 needs values that memfd-v1 does not have (Folios, Flags): replace each Decide call, then delete Decide and this line
                return new MemfdV2(v1.Pos, v1.Size, Decide<KhoArray<Folio>>("Folios"), v1.Tags, v1.Count, v1.Names, Decide<uint>("Flags"));

                static T Decide<T>(string member) => throw new NotImplementedException("KhoGen: the value of " + member + " when converting memfd-v1 to memfd-v2 is still to be decided");
            }
        }

        [KhoFormat("memfd", 1)]
        public partial record {|#1:MemfdV1|}(ulong Pos, ulong Size, KhoArray<FolioV1> Folios, Dictionary<string, int> Tags, int Count, string[] Names);

        [KhoData]
        public partial record struct FolioV1(ulong Pfn, FolioFlags Flags);

        [KhoData]
        public partial record struct Folio(ulong Pfn, FolioFlags Flags, ulong Index);

        [Flags]
        public enum FolioFlags : ushort { None = 0, Dirty = 1, Uptodate = 2 }

        public sealed class Service
        {
            public MemfdV2? State { get; set; }
        }
        """,
        // The copy of Folio has another name: wire-compatible. Writing memfd-v1 needs a downgrade (KHO010's fix).
        Shipped.Diagnostic("KHO104").WithLocation(1).WithSeverity(DiagnosticSeverity.Info)
            .WithArguments("memfd-v1", Release, "member 'Folios': data type 'Folio' renamed to 'FolioV1'"),
        Shipped.Diagnostic("KHO105").WithLocation(0).WithSeverity(DiagnosticSeverity.Warning).WithArguments("memfd", Release,
            "no version of 'memfd' works: the writing build writes memfd-v2, the reading build reads memfd-v1", "memfd-v2"));

    const string Release2 = """
        using KhoGen;

        namespace Cache;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos, ulong Size);

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, ulong Size, uint Flags)
        {
            [KhoUpgrade] public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, v1.Size, 0);
            [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2) => new(v2.Pos, v2.Size);
        }
        """;

    [Fact]
    public Task Keeps_the_conversions_from_the_previous_version_with_the_shipped_version() => SplitAsync(
        "Cache-2.0.0.0.kho.json", Shipped.Catalog(Release2, "Cache", "2.0.0.0"),
        Release2.Replace("public partial record MemfdV2(ulong Pos, ulong Size, uint Flags)", "public partial record {|#0:MemfdV2|}(ulong Pos, ulong Size, ulong Flags)"),
        Shipped.Diagnostic("KHO101").WithLocation(0).WithArguments("memfd-v2", "Cache-2.0.0.0.kho.json (Cache 2.0.0.0)",
            "member 'Flags' retyped from u32 to u64", "memfd-v3"),
        """
        using KhoGen;

        namespace Cache;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos, ulong Size);

        [KhoFormat("memfd", 3)]
        public partial record MemfdV3(ulong Pos, ulong Size, ulong Flags)
        {
            [KhoUpgrade]
            public static MemfdV3 From(MemfdV2 v2) => new MemfdV3(v2.Pos, v2.Size, v2.Flags);
        }

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, ulong Size, uint Flags)
        {
            [KhoUpgrade] public static MemfdV2 From(MemfdV1 v1) => new(v1.Pos, v1.Size, 0);
            [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2) => new(v2.Pos, v2.Size);
        }
        """,
        Shipped.Diagnostic("KHO105").WithSpan(9, 23, 9, 30).WithSeverity(DiagnosticSeverity.Warning).WithArguments("memfd", "Cache-2.0.0.0.kho.json (Cache 2.0.0.0)",
            "no version of 'memfd' works: the writing build writes memfd-v3, the reading build reads memfd-v1, memfd-v2", "memfd-v3"));

    const string Sessions = """
        using KhoGen;

        namespace Store;

        public static partial class Formats
        {
            [KhoFormat("session", 1)]
            public partial class Session
            {
                public string User { get; set; } = "";
                public int Timeout { get; set; }
            }
        }
        """;

    [Fact]
    public Task Keeps_the_name_of_a_type_not_named_for_its_version_and_rebuilds_the_shipped_one_beside_it() => SplitAsync(
        "Store-1.0.0.0.kho.json", Shipped.Catalog(Sessions, "Store"),
        Sessions.Replace("public partial class Session", "public partial class {|#0:Session|}").Replace("public int Timeout", "public long Timeout"),
        Shipped.Diagnostic("KHO101").WithLocation(0).WithArguments("session-v1", "Store-1.0.0.0.kho.json (Store 1.0.0.0)",
            "member 'Timeout' retyped from i32 to i64", "session-v2"),
        """
        using KhoGen;

        namespace Store;

        public static partial class Formats
        {
            [KhoFormat("session", 2)]
            public partial class {|#0:Session|}
            {
                public string User { get; set; } = "";
                public long Timeout { get; set; }

                [KhoUpgrade]
                public static Session From(SessionV1 v1) => new Session() { User = v1.User, Timeout = v1.Timeout };
            }

            [KhoFormat("session", 1)]
            public partial record SessionV1(string User, int Timeout);
        }
        """,
        Shipped.Diagnostic("KHO105").WithLocation(0).WithSeverity(DiagnosticSeverity.Warning).WithArguments("session", "Store-1.0.0.0.kho.json (Store 1.0.0.0)",
            "no version of 'session' works: the writing build writes session-v2, the reading build reads session-v1", "session-v2"));
}
