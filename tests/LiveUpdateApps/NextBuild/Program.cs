using System;
using KhoGen;

// Prints the catalog this build registers at run time: the tests compare it with the one read
// from the built assembly without running it.
Console.Write(KhoRegistry.Catalog.ToJson());
return 0;
