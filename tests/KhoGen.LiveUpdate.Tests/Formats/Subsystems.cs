using System;
using KhoGen;

namespace KhoGen.LiveUpdate.Tests.Formats;

// Three small subsystems for the phase tests: value-equal records, so "state unchanged" is checkable.

[KhoFormat("alpha", 1)]
public partial record AlphaV1(int Value, string Label);

[KhoFormat("beta", 1)]
public partial record BetaV1(long Count, double Ratio);

[KhoFormat("gamma", 1)]
public partial record GammaV1(Guid Id, DateTime When);
