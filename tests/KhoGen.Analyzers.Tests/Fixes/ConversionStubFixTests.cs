using System.Threading.Tasks;
using KhoGen.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace KhoGen.Analyzers.Tests.Fixes;

public class UpgradeStubFixTests
{
    static DiagnosticResult Kho007(int location, string format, int version, string type, string lower) =>
        Verify.Diagnostic("KHO007").WithLocation(location).WithArguments(
            $"{format}-v{version - 1}", $"{format}-v{version}", type, lower, format, (version - 1).ToString());

    static DiagnosticResult Kho010(int location, string format, int version, string type, string lower) =>
        Verify.Diagnostic("KHO010").WithLocation(location).WithArguments($"{format}-v{version - 1}", $"{format}-v{version}", type, lower);

    const string Memfd = """
        using KhoGen;

        namespace Cache;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos, ulong Size, KhoArray<Folio> Folios);

        [KhoFormat("memfd", 2)]
        public partial record {|#0:MemfdV2|}(ulong Pos, ulong Size, KhoArray<Folio> Folios, Seals Seals, uint Flags)
        {
            [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2) => new(v2.Pos, v2.Size, v2.Folios);
        }

        [KhoData]
        public partial record struct Folio(ulong Pfn, ushort Flags);

        [System.Flags]
        public enum Seals : uint { None = 0, Seal = 1, Shrink = 2 }
        """;

    const string MemfdFixed = """
        using KhoGen;

        namespace Cache;

        [KhoFormat("memfd", 1)]
        public partial record MemfdV1(ulong Pos, ulong Size, KhoArray<Folio> Folios);

        [KhoFormat("memfd", 2)]
        public partial record MemfdV2(ulong Pos, ulong Size, KhoArray<Folio> Folios, Seals Seals, uint Flags)
        {
            [KhoDowngrade] public static MemfdV1 To(MemfdV2 v2) => new(v2.Pos, v2.Size, v2.Folios);

            [KhoUpgrade]
            public static MemfdV2 From(MemfdV1 v1)
            {
        #warning KhoGen: memfd-v2 needs values that memfd-v1 does not have (Seals, Flags): replace each Decide call, then delete Decide and this line
                return new MemfdV2(v1.Pos, v1.Size, v1.Folios, Decide<Seals>("Seals"), Decide<uint>("Flags"));

                static T Decide<T>(string member) => throw new System.NotImplementedException("KhoGen: the value of " + member + " when converting memfd-v1 to memfd-v2 is still to be decided");
            }
        }

        [KhoData]
        public partial record struct Folio(ulong Pfn, ushort Flags);

        [System.Flags]
        public enum Seals : uint { None = 0, Seal = 1, Shrink = 2 }
        """;

    [Fact]
    public Task Maps_members_by_name_and_leaves_new_members_as_decisions() => Verify.CodeFixAsync<AddUpgradeStubFix>(
        Memfd, new[] { Kho007(0, "memfd", 2, "MemfdV2", "MemfdV1") }, MemfdFixed);

    [Fact]
    public Task Gives_a_record_without_a_body_an_expression_bodied_stub_when_every_member_maps() => Verify.CodeFixAsync<AddUpgradeStubFix>("""
        using System.Collections.Generic;
        using KhoGen;

        [KhoFormat("counter", 1)]
        internal partial record CounterV1(int Count, List<string> Names);

        [KhoFormat("counter", 2)]
        internal partial record {|#0:CounterV2|}(long Count, IReadOnlyList<string> Names);
        """,
        new[] { Kho007(0, "counter", 2, "CounterV2", "CounterV1"), Kho010(0, "counter", 2, "CounterV2", "CounterV1") },
        """
        using System.Collections.Generic;
        using KhoGen;

        [KhoFormat("counter", 1)]
        internal partial record CounterV1(int Count, List<string> Names);

        [KhoFormat("counter", 2)]
        internal partial record {|#0:CounterV2|}(long Count, IReadOnlyList<string> Names)
        {
            [KhoUpgrade]
            internal static CounterV2 From(CounterV1 v1) => new CounterV2(v1.Count, v1.Names);
        }
        """,
        remaining: new[] { Kho010(0, "counter", 2, "CounterV2", "CounterV1") });

    [Fact]
    public Task Sets_initialized_members_and_treats_an_incompatible_type_as_a_decision() => Verify.CodeFixAsync<AddUpgradeStubFix>("""
        using System;
        using KhoGen;

        [KhoFormat("session", 1)]
        public partial class SessionV1
        {
            public string User { get; set; } = "";
            public int Timeout { get; set; }
            public DateTime Started { get; set; }
        }

        [KhoFormat("session", 2)]
        public partial class {|#0:SessionV2|}
        {
            public string User { get; init; } = "";
            public TimeSpan Timeout { get; init; }
            public DateTime Started { get; init; }

            public void From() { }

            [KhoDowngrade]
            public static SessionV1 Down(SessionV2 v2) => new() { User = v2.User, Timeout = (int)v2.Timeout.TotalSeconds, Started = v2.Started };
        }
        """,
        new[] { Kho007(0, "session", 2, "SessionV2", "SessionV1") },
        """
        using System;
        using KhoGen;

        [KhoFormat("session", 1)]
        public partial class SessionV1
        {
            public string User { get; set; } = "";
            public int Timeout { get; set; }
            public DateTime Started { get; set; }
        }

        [KhoFormat("session", 2)]
        public partial class SessionV2
        {
            public string User { get; init; } = "";
            public TimeSpan Timeout { get; init; }
            public DateTime Started { get; init; }

            public void From() { }

            [KhoDowngrade]
            public static SessionV1 Down(SessionV2 v2) => new() { User = v2.User, Timeout = (int)v2.Timeout.TotalSeconds, Started = v2.Started };

            [KhoUpgrade]
            public static SessionV2 FromV1(SessionV1 v1)
            {
        #warning KhoGen: session-v2 needs values that session-v1 does not have (Timeout): replace each Decide call, then delete Decide and this line
                return new SessionV2() { User = v1.User, Timeout = Decide<TimeSpan>("Timeout"), Started = v1.Started };

                static T Decide<T>(string member) => throw new NotImplementedException("KhoGen: the value of " + member + " when converting session-v1 to session-v2 is still to be decided");
            }
        }
        """);

    [Fact]
    public Task Fixes_every_format_at_once() => Verify.CodeFixAsync<AddUpgradeStubFix>("""
        namespace State;

        [KhoGen.KhoFormat("a", 1)] public partial record AV1(int X);
        [KhoGen.KhoFormat("a", 2)] public partial record {|#0:AV2|}(int X, int Y);
        [KhoGen.KhoFormat("b", 1)] public partial record BV1(string Name);
        [KhoGen.KhoFormat("b", 2)] public partial record {|#1:BV2|}(string Name);
        """,
        new[]
        {
            Kho007(0, "a", 2, "AV2", "AV1"), Kho010(0, "a", 2, "AV2", "AV1"),
            Kho007(1, "b", 2, "BV2", "BV1"), Kho010(1, "b", 2, "BV2", "BV1"),
        },
        """
        namespace State;

        [KhoGen.KhoFormat("a", 1)] public partial record AV1(int X);
        [KhoGen.KhoFormat("a", 2)] public partial record {|#0:AV2|}(int X, int Y)
        {
            [KhoGen.KhoUpgrade]
            public static AV2 From(AV1 v1)
            {
        #warning KhoGen: a-v2 needs values that a-v1 does not have (Y): replace each Decide call, then delete Decide and this line
                return new AV2(v1.X, Decide<int>("Y"));

                static T Decide<T>(string member) => throw new System.NotImplementedException("KhoGen: the value of " + member + " when converting a-v1 to a-v2 is still to be decided");
            }
        }
        [KhoGen.KhoFormat("b", 1)] public partial record BV1(string Name);
        [KhoGen.KhoFormat("b", 2)] public partial record {|#1:BV2|}(string Name)
        {
            [KhoGen.KhoUpgrade]
            public static BV2 From(BV1 v1) => new BV2(v1.Name);
        }
        """,
        remaining: new[] { Kho010(0, "a", 2, "AV2", "AV1"), Kho010(1, "b", 2, "BV2", "BV1") });
}

public class DowngradeStubFixTests
{
    [Fact]
    public async Task Is_not_offered_while_the_target_layout_is_broken()
    {
        const string source = """
            using System.Collections.Generic;
            using KhoGen;

            [KhoFormat("lease", 1)]
            public partial record LeaseV1(long Expires, HashSet<string> {|#1:Owners|});

            [KhoFormat("lease", 2)]
            public partial record {|#0:LeaseV2|}(long Expires)
            {
                [KhoUpgrade] public static LeaseV2 From(LeaseV1 v1) => new(v1.Expires);
            }
            """;
        var test = new Verify.FixTest<AddDowngradeStubFix> { TestCode = source, FixedCode = source };
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("KHO010").WithLocation(0).WithArguments("lease-v1", "lease-v2", "LeaseV2", "LeaseV1"));
        test.ExpectedDiagnostics.Add(Verify.Diagnostic("KHO005").WithLocation(1).WithArguments("Owners", "HashSet<string>",
            "this collection type is not supported; use an array, List<T>, IReadOnlyList<T> or ImmutableArray<T>; or mark the member [KhoIgnore] if it is not part of the state"));
        await test.RunAsync();
    }

    [Fact]
    public Task Fixes_every_format_at_once() => Verify.CodeFixAsync<AddDowngradeStubFix>("""
        using KhoGen;

        [KhoFormat("a", 1)] public partial record AV1(int X);
        [KhoFormat("a", 2)] public partial record {|#0:AV2|}(int X, int Y) { [KhoUpgrade] public static AV2 From(AV1 v1) => new(v1.X, 0); }
        [KhoFormat("b", 1)] public partial struct BV1 { public string Name; }
        [KhoFormat("b", 2)] public partial struct {|#1:BV2|} { public string Name; [KhoUpgrade] public static BV2 From(BV1 v1) => new() { Name = v1.Name }; }
        """,
        new[]
        {
            Verify.Diagnostic("KHO010").WithLocation(0).WithArguments("a-v1", "a-v2", "AV2", "AV1"),
            Verify.Diagnostic("KHO010").WithLocation(1).WithArguments("b-v1", "b-v2", "BV2", "BV1"),
        },
        """
        using KhoGen;

        [KhoFormat("a", 1)] public partial record AV1(int X);
        [KhoFormat("a", 2)] public partial record AV2(int X, int Y) { [KhoUpgrade] public static AV2 From(AV1 v1) => new(v1.X, 0);
            [KhoDowngrade]
            public static AV1 To(AV2 v2) => new AV1(v2.X);
        }
        [KhoFormat("b", 1)] public partial struct BV1 { public string Name; }
        [KhoFormat("b", 2)] public partial struct BV2 { public string Name; [KhoUpgrade] public static BV2 From(BV1 v1) => new() { Name = v1.Name };
            [KhoDowngrade]
            public static BV1 To(BV2 v2) => new BV1() { Name = v2.Name };
        }
        """);

    [Fact]
    public Task Maps_members_back_and_leaves_removed_members_as_decisions() => Verify.CodeFixAsync<AddDowngradeStubFix>("""
        using KhoGen;

        [KhoFormat("lease", 1)]
        public partial record LeaseV1(long Expires, string Owner, int Priority);

        [KhoFormat("lease", 2)]
        public partial record {|#0:LeaseV2|}(long Expires, string Owner, string[] Tags)
        {
            [KhoUpgrade] public static LeaseV2 From(LeaseV1 v1) => new(v1.Expires, v1.Owner, new string[0]);
        }
        """,
        new[] { Verify.Diagnostic("KHO010").WithLocation(0).WithArguments("lease-v1", "lease-v2", "LeaseV2", "LeaseV1") },
        """
        using KhoGen;

        [KhoFormat("lease", 1)]
        public partial record LeaseV1(long Expires, string Owner, int Priority);

        [KhoFormat("lease", 2)]
        public partial record LeaseV2(long Expires, string Owner, string[] Tags)
        {
            [KhoUpgrade] public static LeaseV2 From(LeaseV1 v1) => new(v1.Expires, v1.Owner, new string[0]);

            [KhoDowngrade]
            public static LeaseV1 To(LeaseV2 v2)
            {
        #warning KhoGen: lease-v1 needs values that lease-v2 does not have (Priority): replace each Decide call, then delete Decide and this line
                return new LeaseV1(v2.Expires, v2.Owner, Decide<int>("Priority"));

                static T Decide<T>(string member) => throw new System.NotImplementedException("KhoGen: the value of " + member + " when converting lease-v2 to lease-v1 is still to be decided");
            }
        }
        """);

    [Fact]
    public Task Uses_private_for_a_nested_private_type_so_the_chain_can_call_it() => Verify.CodeFixAsync<AddDowngradeStubFix>("""
        using KhoGen;

        public partial class Service
        {
            [KhoFormat("jobs", 1)]
            private partial record JobsV1(int Pending);

            [KhoFormat("jobs", 2)]
            private partial record {|#0:JobsV2|}(int Pending, int Running)
            {
                [KhoUpgrade] private static JobsV2 From(JobsV1 v1) => new(v1.Pending, 0);
            }
        }
        """,
        new[] { Verify.Diagnostic("KHO010").WithLocation(0).WithArguments("jobs-v1", "jobs-v2", "JobsV2", "Service.JobsV1") },
        """
        using KhoGen;

        public partial class Service
        {
            [KhoFormat("jobs", 1)]
            private partial record JobsV1(int Pending);

            [KhoFormat("jobs", 2)]
            private partial record JobsV2(int Pending, int Running)
            {
                [KhoUpgrade] private static JobsV2 From(JobsV1 v1) => new(v1.Pending, 0);

                [KhoDowngrade]
                private static JobsV1 To(JobsV2 v2) => new JobsV1(v2.Pending);
            }
        }
        """);
}
