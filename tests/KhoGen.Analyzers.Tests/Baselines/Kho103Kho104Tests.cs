using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using static KhoGen.Analyzers.Tests.Baselines.MemfdRelease;

namespace KhoGen.Analyzers.Tests.Baselines;

/// <summary>KHO103 (an enum of a shipped version changed) and KHO104 (a rename, wire-compatible).</summary>
public class Kho103Tests
{
    const string Where = "member 'Folios': nested data 'Folio': member 'Flags': enum 'FolioFlags' ";
    const string Refused = "state written by that release would be refused or misread here: restore the values, or make the change in a new version";

    static DiagnosticResult Kho103(string changes, string consequence) =>
        Shipped.Diagnostic("KHO103").WithLocation(0).WithArguments("memfd-v1", Release, changes, consequence);

    [Fact]
    public Task An_enum_value_removed_is_an_error() => Shipped.VerifyAsync(Source(flags: "None = 0, Uptodate = 2"), new[] { (FileName, ShippedJson) },
        Kho103(Where + "lost value Dirty = 1", Refused));

    [Fact]
    public Task An_enum_value_renumbered_is_an_error() => Shipped.VerifyAsync(Source(flags: "None = 0, Dirty = 4, Uptodate = 2"), new[] { (FileName, ShippedJson) },
        Kho103(Where + "renumbered Dirty from 1 to 4", Refused));

    [Fact]
    public Task An_enum_value_added_is_a_warning_and_not_also_a_rollback_warning() => Shipped.VerifyAsync(
        Source(flags: FlagValues + ", Locked = 4"), new[] { (FileName, ShippedJson) },
        Shipped.Diagnostic("KHO103").WithLocation(0).WithSeverity(DiagnosticSeverity.Warning).WithMessage(
            "An enum of memfd-v1 changed since it shipped in Cache-1.0.0.0.kho.json (Cache 1.0.0.0): " + Where + "gained value Locked = 4; " +
            "that release refuses the new values, so a rollback to it fails while the state holds one: add them in a new version, or never write them while a rollback is possible"));
}

public class Kho104Tests
{
    static DiagnosticResult Kho104(string renames) =>
        Shipped.Diagnostic("KHO104").WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithArguments("memfd-v1", Release, renames);

    [Fact]
    public Task A_member_renamed_is_info_only() => Shipped.VerifyAsync(Source(MemfdLayout.Replace("ulong Pos", "ulong Position")), new[] { (FileName, ShippedJson) },
        Kho104("member 'Pos' renamed to 'Position'"));

    [Fact]
    public Task A_data_type_renamed_is_info_only() => Shipped.VerifyAsync(Source(folioName: "Page"), new[] { (FileName, ShippedJson) },
        Kho104("member 'Folios': data type 'Folio' renamed to 'Page'"));

    [Fact]
    public Task An_enum_value_renamed_is_info_only() => Shipped.VerifyAsync(Source(flags: "None = 0, Modified = 1, Uptodate = 2"), new[] { (FileName, ShippedJson) },
        Shipped.Diagnostic("KHO104").WithLocation(0).WithSeverity(DiagnosticSeverity.Info).WithMessage(
            "memfd-v1 has names that differ from the ones it shipped with in Cache-1.0.0.0.kho.json (Cache 1.0.0.0): " +
            "member 'Folios': nested data 'Folio': member 'Flags': enum 'FolioFlags' value Dirty renamed to Modified; " +
            "renames are wire-compatible, so nothing needs to change unless the meaning did"));
}
