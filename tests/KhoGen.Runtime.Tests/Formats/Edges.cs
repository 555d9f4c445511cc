using System.Collections.Generic;
using KhoGen;

namespace KhoGen.Runtime.Tests.Formats;

/// <summary>A data type with no members: one zero byte on the wire.</summary>
[KhoData] public partial record struct Empty;

[KhoData] public partial record EmptyListBox(List<Empty>? Items);

public enum Color : byte { Red = 1, Green = 2 }

[System.Flags]
public enum Perm : byte { None = 0, Read = 1, Write = 2 }

[KhoData] public partial record ColorBox(Color Color, Perm Perm);

/// <summary>Member names that are C# keywords.</summary>
[KhoData] public partial record Keywords(int @int, string @class) { public long @event { get; set; } }
