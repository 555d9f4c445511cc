using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace KhoGen;

/// <summary>
/// Spreads the 7-bit groups of a varint one a byte (group g to bits 8g to 8g + 6), the step of
/// LEB128 encoding that a loop over the groups would do with a data-dependent exit.
/// </summary>
static class GroupSpread
{
    /// <summary>
    /// Whether the bit-deposit instruction (BMI2 <c>pdep</c>) is one fast instruction here. It is on
    /// Intel since Haswell and on AMD since Zen 3; AMD's earlier processors (and Hygon's, built on Zen 1)
    /// run it in microcode, tens to hundreds of cycles, slower than the shifts it replaces.
    /// </summary>
    internal static readonly bool FastDeposit = Bmi2.X64.IsSupported && !SlowDeposit();

    /// <summary>The groups of <paramref name="value"/> (below 2^49: seven groups) one a byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Spread49(ulong value)
    {
        return FastDeposit ? Bmi2.X64.ParallelBitDeposit(value, 0x007F_7F7F_7F7F_7F7FUL) : Spread49ByShifts(value);
    }

    /// <summary>The same without the instruction (tests compare the two).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Spread49ByShifts(ulong value)
    {
        // Halves of 28 bits to 32-bit lanes, quarters of 14 bits to 16-bit lanes, groups to bytes.
        value = (value & 0x0FFF_FFFF) | ((value << 4) & 0x001F_FFFF_0000_0000);
        value = (value & 0x0000_3FFF_0000_3FFF) | ((value << 2) & 0x3FFF_0000_3FFF_0000);
        return (value & 0x007F_007F_007F_007F) | ((value << 1) & 0x7F00_7F00_7F00_7F00);
    }

    static bool SlowDeposit()
    {
        // Vendor string in EBX, EDX, ECX: "AuthenticAMD" or "HygonGenuine"; family from leaf 1.
        (_, int ebx, int ecx, int edx) = X86Base.CpuId(0, 0);
        bool amd = ebx == 0x6874_7541 && edx == 0x6974_6E65 && ecx == 0x444D_4163;
        bool hygon = ebx == 0x6F67_7948 && edx == 0x6E65_476E && ecx == 0x656E_6975;
        if (!amd && !hygon) return false;
        int eax = X86Base.CpuId(1, 0).Eax;
        int family = (eax >> 8) & 0xF;
        if (family == 0xF) family += (eax >> 20) & 0xFF;
        return family < 0x19;
    }
}
