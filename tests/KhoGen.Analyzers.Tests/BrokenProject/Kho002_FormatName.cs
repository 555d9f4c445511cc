using KhoGen;

namespace Broken;

// Format names are lowercase with single dashes.
[KhoFormat("Session_State", 1)] // expect: KHO002
public partial record SessionStateV1(int Id);
