// The catalog model, the JSON reader and the compatibility rules live in src/Shared and are
// compiled into the runtime, the generator, the analyzers and the tool: one implementation.
// Their parts there carry no access modifier; these declarations make them public here.
namespace KhoGen;

public sealed partial class KhoFormatException { }
public sealed partial class KhoCatalog { }
public sealed partial class KhoFormatEntry { }
public sealed partial class KhoVersionEntry { }
public sealed partial class KhoMember { }
public sealed partial class KhoSource { }
public sealed partial class KhoOrigin { }
public sealed partial class KhoDataEntry { }
public sealed partial class KhoEnumEntry { }
public sealed partial class KhoEnumValue { }
public sealed partial class KhoPlan { }
public sealed partial class KhoPlanFormat { }
public sealed partial class KhoPlanCandidate { }
